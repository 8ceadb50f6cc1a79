/** The plane slots: files, pixel sizes, hand edits, switches; each change asks for a prediction. */
import { describe, expect, it } from 'vitest';
import { SkullWorkerError } from '../../pipeline/skullClient';
import { createSkullPlanes, MAX_FILE_BYTES } from './skullPlanes';
import { flush, planeReport, testContext } from './skullTestKit';

const file = (name: string, size = 10) =>
  ({ name, size, arrayBuffer: () => Promise.resolve(new ArrayBuffer(size)) }) as unknown as File;

function setup() {
  const ctx = testContext();
  let predicted = 0;
  const planes = createSkullPlanes(ctx, () => predicted++);
  return { ctx, planes, fake: ctx.fake, x: () => ctx.state().skullX, predicted: () => predicted };
}

describe('skull plane slots', () => {
  it('a file too large is refused before reading, the previous plane kept', async () => {
    const t = setup();
    await t.planes.dropFile('axial', file('huge.png', MAX_FILE_BYTES + 1));
    expect(t.ctx.started()).toBe(false);
    expect(t.x().slots.axial.message).toBe(
      "'huge.png' is 84 MB; files up to 83.88608 MB are read (downscale the image first). The previous axial plane is kept.",
    );
  });

  it('a read file fills the slot, leaves an example, forgets the GA of the previous image and predicts', async () => {
    const t = setup();
    t.ctx
      .state()
      .setSkullX({ gaWeeks: 22, example: { subject: { index: 3 }, comparison: null, ms: 1 } as never });
    const done = t.planes.dropFile('axial', file('head.png'));
    expect(t.x().slots.axial.status).toBe('reading');
    expect(t.ctx.dropT0).not.toBeNull();
    await flush();
    t.fake.planes[0]?.answer.resolve({ report: planeReport('axial', 60), ms: 12 });
    await done;
    const x = t.x();
    expect(x.slots.axial).toMatchObject({ status: 'ready', readMs: 12, enabled: true, confirmed: false });
    expect(x.example).toBeNull();
    expect(x.gaWeeks).toBeNull();
    expect(x.gaNote).toBe(
      "The GA of 22 weeks entered before was for the previous image; 'head.png' carries none, so GA is estimated from HC until you enter this fetus's age.",
    );
    expect(t.predicted()).toBe(1);
  });

  it('an unreadable file keeps the previous plane and names the file', async () => {
    const t = setup();
    t.planes.applyReport('axial', planeReport('axial', 60), 5);
    const done = t.planes.dropFile('axial', file('bad.png'));
    await flush();
    t.fake.planes[0]?.answer.reject(new SkullWorkerError('not a PNG', true));
    await done;
    const slot = t.x().slots.axial;
    expect(slot.status).toBe('ready');
    expect(slot.message).toContain('bad.png');
    expect(slot.message).toMatch(/The previous axial plane is kept\.$/);
  });

  it('a pixel size must be plausible; a plausible one re-detects', async () => {
    const t = setup();
    await t.planes.setPixel('sagittal', 5);
    expect(t.ctx.started()).toBe(false);
    expect(t.x().slots.sagittal.message).toMatch(/from 0.01 to 2 .*got 5$/);
    const done = t.planes.setPixel('sagittal', 0.15);
    expect(t.fake.pixels[0]).toMatchObject({ kind: 'sagittal', pixelMm: 0.15 });
    t.fake.pixels[0]?.answer.resolve(planeReport('sagittal', 55));
    await done;
    expect(t.x().slots.sagittal.status).toBe('ready');
    expect(t.predicted()).toBe(1);
  });

  it('remove, switch off and confirm each ask for a prediction', () => {
    const t = setup();
    t.planes.applyReport('coronal', planeReport('coronal', 50), null);
    t.planes.setEnabled('coronal', false);
    expect(t.x().slots.coronal.enabled).toBe(false);
    t.planes.confirmPlane('coronal');
    expect(t.x().slots.coronal.confirmed).toBe(true);
    t.planes.removePlane('coronal');
    expect(t.fake.cleared).toEqual(['coronal']);
    expect(t.x().slots.coronal.status).toBe('empty');
    expect(t.predicted()).toBe(3);
  });

  it('a hand edit that cannot be an outline is refused; clearing the edit goes back to the detection', () => {
    const t = setup();
    t.planes.applyReport('axial', planeReport('axial', 60, null), null);
    t.planes.editEllipse('axial', { cxPx: 200, cyPx: 150, semiMajorMm: -1, semiMinorMm: 20, angleRad: 0 });
    expect(t.x().slots.axial.message).toMatch(/^outline not changed: /);
    expect(t.x().slots.axial.edited).toBeNull();
    expect(t.predicted()).toBe(0);
    t.planes.editEllipse('axial', null);
    expect(t.x().slots.axial).toMatchObject({ edited: null, status: 'ready', message: null });
    expect(t.predicted()).toBe(1);
  });
});
