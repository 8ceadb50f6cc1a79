/**
 * `eval skull-cvae|skull-hcvae`: the held-out test cohort through two kinds of plane input — the exact
 * section profiles of the standard planes (what the model can do with a perfect detector) and the
 * full path from simulated B-mode images through the head detector (what a user gets).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SKULL_CONFIGS, type SkullModelId } from './config';
import { buildSkullCohort } from './cohort';
import { evaluateSkull } from './evaluate';
import { BoneEvaluator } from './evaluateBones';
import { imageProfilesForCohort } from './imageProfiles';
import { loadSkullModelFromDir } from './loadModel';
import { writeSkullReport, type SkullEvaluation } from './report';

export async function runSkullEval(
  id: SkullModelId,
  opts: {
    modelsDir: string;
    docsDir: string;
    testN?: number;
    images?: boolean;
    k?: number;
    log: (s: string) => void;
  },
): Promise<{ md: string; evaluation: SkullEvaluation }> {
  const cfg = SKULL_CONFIGS[id];
  const model = await loadSkullModelFromDir(opts.modelsDir, id);
  const testN = opts.testN ?? cfg.testN;
  const k = opts.k ?? 16;
  const c = buildSkullCohort(cfg.testSeed, testN, 1, cfg.sphere, cfg.profileN);
  const n = cfg.profileN;
  const geometric = c.shapes.map((_, i) => ({
    axial: c.profiles.slice((i * 3 + 0) * n, (i * 3 + 1) * n),
    sagittal: c.profiles.slice((i * 3 + 1) * n, (i * 3 + 2) * n),
    coronal: c.profiles.slice((i * 3 + 2) * n, (i * 3 + 3) * n),
  }));
  const inputs: SkullEvaluation['inputs'] = [];
  const sphere = model.manifest.surface.sphere;
  const gaWeeks = c.subjects.map((s) => s.params.gaWeeks);
  const boneRun = (): {
    ev: BoneEvaluator;
    onPrediction: (s: string, i: number, r: Float32Array) => void;
  } => {
    const ev = new BoneEvaluator(c.shapes, gaWeeks);
    return { ev, onPrediction: (s, i, r) => ev.add(s, i, r, sphere) };
  };
  const exactBones = boneRun();
  opts.log('exact section profiles of the standard planes');
  inputs.push({
    name: 'exact section profiles',
    description:
      'The head outline of each standard plane taken from the synthetic geometry (src/anatomy/skullSection.ts): the model alone, with a perfect detector.',
    results: await evaluateSkull(model, c.shapes, geometric, {
      k,
      log: opts.log,
      onPrediction: exactBones.onPrediction,
    }),
    bones: exactBones.ev.results(),
  });
  if (opts.images !== false) {
    opts.log('simulated B-mode planes through the head detector');
    const img = await imageProfilesForCohort(c, cfg.testSeed, opts.log);
    const imageBones = boneRun();
    inputs.push({
      name: 'simulated ultrasound images',
      description: img.description,
      results: await evaluateSkull(model, c.shapes, img.profiles, {
        k,
        log: opts.log,
        onPrediction: imageBones.onPrediction,
      }),
      bones: imageBones.ev.results(),
    });
  }
  const manifest = JSON.parse(await readFile(path.join(opts.modelsDir, id, 'manifest.json'), 'utf8')) as {
    bytes?: number;
    training?: { minutes?: number };
  };
  const evaluation: SkullEvaluation = {
    id,
    testSeed: cfg.testSeed,
    testSubjects: testN,
    k,
    inputs,
    trainMinutes: manifest.training?.minutes ?? null,
    modelBytes: manifest.bytes ?? null,
  };
  const md = await writeSkullReport(evaluation, opts.docsDir, path.join(opts.modelsDir, id));
  return { md, evaluation };
}
