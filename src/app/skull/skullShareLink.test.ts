/** Skull share links: the opening link applied once (outlines, model, offsets, GA, camera); the shown prediction's link. */
import { describe, expect, it } from 'vitest';
import { emptySlot } from '../../state/skullExplorer';
import { parseSkullShare, skullShareQuery } from './skullShare';
import { createSkullShareLink } from './skullShareLink';
import { prediction, profile, testContext } from './skullTestKit';

const LINK = skullShareQuery({
  modelId: 'skull-cvae',
  profiles: { axial: profile(70), coronal: profile(52) },
  offsets: [[0.5, 0], [-1]],
  gaWeeks: 26,
  camera: { position: [0, 0, 300], target: [0, 0, 0] },
});

function setup(search: string) {
  const ctx = testContext();
  let predicted = 0;
  const link = createSkullShareLink(ctx, search, () => predicted++);
  return { ctx, link, x: () => ctx.state().skullX, predicted: () => predicted };
}

describe('skull share links', () => {
  it('the opening link is applied once: outlines without images, model, offsets, GA, camera', () => {
    const t = setup(LINK);
    t.link.restoreFromUrl();
    const x = t.x();
    expect(x.modelId).toBe('skull-cvae');
    expect(x.offsets).toEqual([[0.5, 0], [-1]]);
    expect(x.gaWeeks).toBe(26);
    expect(x.slots.axial).toMatchObject({ status: 'ready', report: null });
    expect(x.slots.axial.shared?.[0]).toBe(70);
    expect(x.slots.sagittal).toEqual(emptySlot());
    expect(x.slots.coronal.shared?.[5]).toBe(52);
    expect(t.ctx.state().camera).toEqual({ position: [0, 0, 300], target: [0, 0, 0] });
    expect(t.predicted()).toBe(1);
    t.ctx.state().setSkullX({ gaWeeks: 30 });
    t.link.restoreFromUrl();
    expect(t.x().gaWeeks).toBe(30);
    expect(t.predicted()).toBe(1);
  });

  it('a link this page cannot read is said apart from the status line, and nothing is restored', () => {
    const t = setup('?anatomy=skull&sv=9&sm=skull-hcvae');
    t.link.restoreFromUrl();
    expect(t.x().linkMessage).toBe(
      'This skull link was made by a newer version of the explorer (sv=9); this page reads up to sv=1. Starting without it.',
    );
    expect(t.x().modelId).toBe('skull-hcvae');
    expect(t.predicted()).toBe(0);
  });

  it('no link: nothing happens', () => {
    const t = setup('?anatomy=skull');
    t.link.restoreFromUrl();
    expect(t.x().linkMessage).toBeNull();
    expect(t.predicted()).toBe(0);
  });

  it('the shown prediction writes a link with the used planes only, keeping ?backend=', () => {
    const t = setup('?anatomy=skull&backend=webgl');
    expect(t.link.shareQuery(t.ctx.state())).toBeNull();
    const s = t.ctx.state();
    s.setSkullSlot('axial', { ...emptySlot(), status: 'ready', shared: profile(71) });
    s.setSkullSlot('sagittal', { ...emptySlot(), status: 'ready', shared: profile(60), enabled: false });
    s.setSkullX({
      prediction: {
        ...prediction(['axial']),
        latencyMs: 1,
        mesh: {
          positions: new Float32Array(0),
          normals: new Float32Array(0),
          indices: new Uint32Array(0),
          scalar: null,
        },
      },
      gaWeeks: 24,
    });
    const q = t.link.shareQuery(t.ctx.state()) ?? '';
    expect(new URLSearchParams(q).get('backend')).toBe('webgl');
    const back = parseSkullShare(q);
    expect(Object.keys(back?.profiles ?? {})).toEqual(['axial']);
    expect(back?.profiles.axial?.[0]).toBe(71);
    expect(back?.gaWeeks).toBe(24);
  });
});
