/** Dropped label maps: a kept encode job; the encoded code becomes the shown code and the path's start. */
import { describe, expect, it } from 'vitest';
import { createEncoding } from './encoding';
import { modelOutcome, testContext, testModel } from './lvTestKit';

/** A dropped file (only what the controller reads of it). */
const file = (name: string, bytes: number[]) =>
  ({ name, arrayBuffer: () => Promise.resolve(new Uint8Array(bytes).buffer) }) as unknown as File;
const unreadable = { name: 'x.nii', arrayBuffer: () => Promise.reject(new Error('gone')) } as unknown as File;

function setup(withModel = true) {
  const ctx = testContext();
  if (withModel) ctx.store.getState().setModelInfo(testModel());
  return { ctx, enc: createEncoding(ctx), store: ctx.store };
}
const texts = (t: ReturnType<typeof setup>) => t.store.getState().notices.map((n) => n.text);

describe('encoding dropped files', () => {
  it('needs a model', async () => {
    const t = setup(false);
    await t.enc.encodeFiles(file('ed.nii', [1]), null);
    expect(t.ctx.client.requests).toEqual([]);
    expect(texts(t)).toEqual(['Load a cardiac model first: dropped files are encoded by the model.']);
  });

  it('sends ED and ES as a kept job and stops a navigation run', async () => {
    const t = setup();
    t.store.getState().setNav({ playing: true, remaining: 3 });
    await t.enc.encodeFiles(file('ed.nii', [1, 2]), file('es.nii', [3]));
    expect(t.store.getState().encoding).toBe('ed.nii');
    expect(t.store.getState().nav).toMatchObject({ playing: false, remaining: 0 });
    const r = t.ctx.client.requests[0];
    expect(r?.keep).toBe(true);
    expect(r?.job.kind).toBe('lv-encode');
    if (r?.job.kind !== 'lv-encode') return;
    expect(r.job.modelId).toBe('lv-test');
    expect([r.job.ed.name, r.job.ed.bytes.byteLength, r.job.es?.name, r.job.es?.bytes.byteLength]).toEqual([
      'ed.nii',
      2,
      'es.nii',
      1,
    ]);
  });

  it('an unreadable file is said at once', async () => {
    const t = setup();
    await t.enc.encodeFiles(unreadable, null);
    expect(t.ctx.client.requests).toEqual([]);
    expect(t.store.getState().encoding).toBeNull();
    expect(texts(t)).toEqual(['Could not read the dropped file: gone']);
  });

  it('the encoded heart becomes the code (with its posterior) and the start of navigation', () => {
    const t = setup();
    const out = modelOutcome(
      [
        [1, 2, 3],
        [0.4, -0.4],
      ],
      {
        pHcm: 0.8123,
        logvarQ: [
          [-1, -1, -1],
          [-2, -2],
        ],
      },
    );
    out.encoded = { edName: 'ed.nii', esName: 'es.nii' } as NonNullable<typeof out.encoded>;
    t.store.getState().setEncoding('ed.nii');
    t.enc.onEncoded(out);
    const s = t.store.getState();
    expect(s.encoding).toBeNull();
    expect(s.latent).toEqual({
      levels: [
        [1, 2, 3],
        [0.4, -0.4],
      ],
      lowerMode: 'free',
      seed: 1,
      logvarQ: [
        [-1, -1, -1],
        [-2, -2],
      ],
      interactive: false,
    });
    expect(t.ctx.ownIntent).toBe(s.latent);
    expect(s.nav.path.map((p) => p.pHcm)).toEqual([0.8123]);
    expect(texts(t)).toEqual([
      'Encoded ed.nii and es.nii: p(HCM) 81.2 %. It is now the start of navigation.',
    ]);
  });

  it('a refusal or an abandoned job keeps the previous shape and says so', () => {
    const t = setup();
    t.store.getState().setEncoding('ed.nii');
    t.enc.onFailed('expected a 3-D label map.');
    expect(t.store.getState().encoding).toBeNull();
    t.enc.onAbandoned();
    expect(texts(t)).toEqual([
      'Could not use the dropped file: expected a 3-D label map. The previous shape is kept.',
      'The dropped file was not finished when the GPU was lost; drop it again.',
    ]);
  });
});
