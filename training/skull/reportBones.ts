/**
 * Markdown tables of the bone segmentation (evaluateBones.ts) for the skull model reports, beside the
 * seed talk's whole-skull Dice / Hausdorff (Cerrolaza et al. 2018; REFERENCE.md §1).
 */
import type { BoneSubsetResult } from './evaluateBones';

const f = (v: number, d = 3): string => (Number.isFinite(v) ? v.toFixed(d) : '—');

/** Lines of the bone tables of one input (summary per plane subset, then per bone). */
export function renderBoneTables(
  bones: BoneSubsetResult[],
  seed: Record<string, [number, number, number]>,
): string[] {
  const lines: string[] = [
    '',
    '### Bone segmentation (frontal L/R, parietal L/R, occipital, temporal squama L/R)',
    '',
    'Each skull, predicted and true, labelled into bones by the same rule (src/anatomy/skullBones.ts),',
    'sutures and fontanelles excluded; the prediction at the GA its HC implies. Plate: the bone itself',
    '(outer surface to outer − thickness); sector: the head volume under each bone. Dice and Hausdorff',
    'are the means over the seven bones of the per-bone means over the skulls; "all bone": Dice of all',
    "calvarial bone against all, labels ignored. Target: the seed talk's skull Dice (0.91 with three planes).",
    '',
    '| planes | plate Dice (mean of bones) | sector Dice (mean of bones) | all-bone plate Dice | Hausdorff max / 95 % (mm) | GA error from HC (weeks, mean / max) | seed talk Dice / HD |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const b of bones) {
    const s = seed[b.subset];
    lines.push(
      `| ${b.subset} | ${f(b.meanOfBones.plateDice)} | ${f(b.meanOfBones.sectorDice)} | ${f(b.allBone.plateDice.mean)} ± ${f(b.allBone.plateDice.sd)} | ${f(b.meanOfBones.hausdorffMm, 2)} / ${f(b.meanOfBones.hausdorff95Mm, 2)} | ${f(b.gaErrorWeeks.meanAbs, 2)} / ${f(b.gaErrorWeeks.max, 2)} | ${s ? `${s[0]} / ${s[1]}` : '—'} |`,
    );
  }
  for (const b of bones) {
    lines.push(
      '',
      `Per bone, ${b.subset} (${b.n} skulls):`,
      '',
      '| bone | plate Dice | sector Dice | Hausdorff max (mm) | 95 % (mm) | mean (mm) |',
      '|---|---|---|---|---|---|',
    );
    for (const x of b.bones) {
      lines.push(
        `| ${x.bone} | ${f(x.plateDice.mean)} ± ${f(x.plateDice.sd)} | ${f(x.sectorDice.mean)} ± ${f(x.sectorDice.sd)} | ${f(x.hausdorffMm.mean, 2)} | ${f(x.hausdorff95Mm.mean, 2)} | ${f(x.meanDistanceMm.mean, 2)} |`,
      );
    }
  }
  return lines;
}
