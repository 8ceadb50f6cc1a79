/** Held-out examples fill the three slots, or leave them empty with a message. */
import { describe, expect, it } from 'vitest';
import type { ExampleSubject } from '../../pipeline/skullPlanes';
import { createSkullExamples } from './skullExamples';
import { createSkullPlanes } from './skullPlanes';
import { flush, planeReport, testContext } from './skullTestKit';

function setup() {
  const ctx = testContext();
  let predicted = 0;
  const predict = () => predicted++;
  const ex = createSkullExamples(ctx, createSkullPlanes(ctx, predict), predict);
  return { ctx, ex, fake: ctx.fake, x: () => ctx.state().skullX, predicted: () => predicted };
}

const SUBJECT = { index: 4, truth: { hcMm: 250 } } as unknown as ExampleSubject;

describe('skull examples', () => {
  it('an example fills all three slots, shares the time between them, and predicts', async () => {
    const t = setup();
    t.ctx.state().setSkullX({ gaWeeks: 30 });
    const done = t.ex.loadExample(4);
    expect(t.x().busy).toBe('simulating the planes of held-out skull 5…');
    expect(t.x().slots.coronal.status).toBe('reading');
    t.fake.examples[0]?.answer.resolve({
      subject: SUBJECT,
      reports: [planeReport('axial', 60), planeReport('sagittal', 55), planeReport('coronal', 50)],
      ms: 90,
    });
    await done;
    const x = t.x();
    expect(x.busy).toBeNull();
    expect(x.example).toEqual({ subject: SUBJECT, comparison: null, ms: 90 });
    expect([x.slots.axial.readMs, x.slots.sagittal.readMs, x.slots.coronal.readMs]).toEqual([30, 30, 30]);
    expect(x.gaNote).toMatch(/held-out skull 5 carries none/);
    expect(t.predicted()).toBe(1);
  });

  it('a failed example says so and empties the slots it was reading', async () => {
    const t = setup();
    const done = t.ex.loadExample(0);
    t.fake.examples[0]?.answer.reject(new Error('worker gone'));
    await done;
    await flush();
    const x = t.x();
    expect(x.message).toBe('The example could not be made: worker gone');
    expect([x.slots.axial.status, x.slots.sagittal.status, x.slots.coronal.status]).toEqual([
      'empty',
      'empty',
      'empty',
    ]);
    expect(t.predicted()).toBe(0);
  });
});
