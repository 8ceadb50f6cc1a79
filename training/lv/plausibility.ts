/**
 * Is every shape a cardiac model can show a plausible heart? Codes drawn from the prior, from each
 * class's distribution of training codes, and the prior and class means, decoded at ED and ES through
 * the explorer's own path (LvSession → fieldsOf → lvPhaseMeasures), each checked:
 * - the myocardium is one connected piece whose surface is closed with Euler characteristic 2 (apex
 *   closed), at ED and at ES;
 * - mass 40–400 g, EDV 40–350 mL, EF 20–85 %, maximal wall thickness 4–35 mm (PLAUSIBLE_HEART).
 * Also: does p(HCM) agree with the shape? Over the class samples, p(HCM) > 0.5 against a decoded
 * maximal wall ≥ 15 mm, for the top level's p and for the p of the decoded shape re-encoded.
 */
import { createRng, type Rng } from '../../src/anatomy/random';
import { lvIndexesFromMeasures, lvPhaseMeasures } from '../../src/geometry/lvIndexes';
import { implausibleHeartReasons, type SurfaceTopology } from '../../src/geometry/lvIndexValidity';
import { connectedComponents, eulerCharacteristic } from '../../src/geometry/meshTopology';
import type { LatentLevels, LvSession } from '../../src/model/lvSession';
import { encoderInputOf, fieldsOf } from '../../src/pipeline/modelJob';

/** Counts of one sample set. */
export interface PlausibilitySet {
  n: number;
  valid: number;
  /** Why shapes failed (a shape may fail several checks). */
  failures: Record<string, number>;
}

export interface PlausibilityResult {
  prior: PlausibilitySet;
  healthy: PlausibilitySet;
  hcm: PlausibilitySet;
  means: PlausibilitySet & { invalid: string[] };
  /** p(HCM) > 0.5 against a decoded maximal wall ≥ 15 mm over the class samples. */
  pHcmAgreement: { n: number; topLevel: number; reEncoded: number };
}

function gauss(rng: Rng): number {
  const u = Math.max(1e-12, rng.next());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

interface Checked {
  failures: string[];
  maxWallMm: number;
  /** Decoded ED/ES fields in the encoder's input layout (normalised, interleaved). */
  input: Float32Array;
}

async function checkCode(session: LvSession, levels: LatentLevels): Promise<Checked> {
  const raw = await session.decode(levels[0] as number[]);
  const input = encoderInputOf(raw, session.manifest.representation.clipMm);
  const f = fieldsOf(raw);
  const ed = lvPhaseMeasures(f.ed);
  const es = lvPhaseMeasures(f.es, { thickness: false });
  const topo = (m: typeof ed): SurfaceTopology => ({
    components: m.mesh.indices.length === 0 ? 0 : connectedComponents(m.mesh),
    euler: m.mesh.indices.length === 0 ? 0 : eulerCharacteristic(m.mesh),
  });
  const i = lvIndexesFromMeasures(ed, es);
  const failures = implausibleHeartReasons(i, { ED: topo(ed), ES: topo(es) });
  return { failures, maxWallMm: i.maxWallThicknessMm, input };
}

function tally(results: Checked[]): PlausibilitySet {
  const failures: Record<string, number> = {};
  for (const r of results) for (const f of new Set(r.failures)) failures[f] = (failures[f] ?? 0) + 1;
  return { n: results.length, valid: results.filter((r) => r.failures.length === 0).length, failures };
}

/** A top-level code: N(0, I), or a class's N(mean, sd) from the manifest's training codes. */
function drawTop(session: LvSession, rng: Rng, cls: 'prior' | 'healthy' | 'hcm'): number[] {
  const top = session.topIndex;
  const size = session.sizes[top] as number;
  if (cls === 'prior') return Array.from({ length: size }, () => gauss(rng));
  const st = session.manifest.latent.stats?.[top]?.perClass[cls];
  if (!st) throw new Error(`manifest has no ${cls} statistics for the top level`);
  return st.mean.map((m, d) => m + (st.sd[d] ?? 0) * gauss(rng));
}

async function sampleSet(
  session: LvSession,
  n: number,
  cls: 'prior' | 'healthy' | 'hcm',
  rng: Rng,
  log: (l: string) => void,
): Promise<{ set: PlausibilitySet; checked: Checked[]; logits: number[] }> {
  const checked: Checked[] = [];
  const logits: number[] = [];
  for (let s = 0; s < n; s++) {
    const top = drawTop(session, rng, cls);
    const levels: LatentLevels = session.sizes.map((size, l) =>
      l === session.topIndex ? top : new Array<number>(size).fill(0),
    );
    const eps = session.sizes.map((size) => Array.from({ length: size }, () => gauss(rng)));
    const { levels: full } = await session.complete(levels, 'samples', eps);
    checked.push(await checkCode(session, full));
    logits.push(await session.logit(top));
    if ((s + 1) % 100 === 0) log(`plausibility ${cls}: ${s + 1}/${n}`);
  }
  return { set: tally(checked), checked, logits };
}

/** The re-encoded shapes' logits (the classifier applied to the code of the shape shown). */
async function reEncodedLogits(session: LvSession, checked: Checked[]): Promise<number[]> {
  const out: number[] = [];
  const batch = 16;
  for (let s = 0; s < checked.length; s += batch) {
    const part = checked.slice(s, s + batch);
    const per = part[0]!.input.length;
    const x = new Float32Array(per * part.length);
    part.forEach((c, i) => x.set(c.input, i * per));
    const posts = await session.encode(x, part.length);
    const tops = posts.map((p) => p.mu[session.topIndex] as number[]);
    out.push(...(await session.logits(tops)));
  }
  return out;
}

/** Runs the plausibility check with `n` samples per set. */
export async function evaluatePlausibility(
  session: LvSession,
  n: number,
  seed: number,
  log: (l: string) => void = () => {},
): Promise<PlausibilityResult> {
  const rng = createRng(seed);
  const prior = await sampleSet(session, n, 'prior', rng, log);
  const healthy = await sampleSet(session, n, 'healthy', rng, log);
  const hcm = await sampleSet(session, n, 'hcm', rng, log);
  // Means: the prior mean and each class mean on the top level, lower levels at their prior means.
  const meanTops: [string, number[]][] = [
    ['prior mean', new Array<number>(session.sizes[session.topIndex]!).fill(0)],
  ];
  for (const cls of ['healthy', 'hcm'] as const) {
    const st = session.manifest.latent.stats?.[session.topIndex]?.perClass[cls];
    if (st) meanTops.push([`${cls} mean`, st.mean]);
  }
  const meanChecks: Checked[] = [];
  const invalid: string[] = [];
  for (const [name, top] of meanTops) {
    const levels: LatentLevels = session.sizes.map((size, l) =>
      l === session.topIndex ? top : new Array<number>(size).fill(0),
    );
    const { levels: full } = await session.complete(levels, 'means', null);
    const c = await checkCode(session, full);
    meanChecks.push(c);
    if (c.failures.length) invalid.push(`${name}: ${c.failures.join('; ')}`);
  }
  const classChecked = [...healthy.checked, ...hcm.checked];
  const topLogits = [...healthy.logits, ...hcm.logits];
  const reLogits = await reEncodedLogits(session, classChecked);
  const agree = (logits: number[]): number =>
    logits.filter((l, i) => l > 0 === classChecked[i]!.maxWallMm >= 15).length / classChecked.length;
  return {
    prior: prior.set,
    healthy: healthy.set,
    hcm: hcm.set,
    means: { ...tally(meanChecks), invalid },
    pHcmAgreement: { n: classChecked.length, topLevel: agree(topLogits), reEncoded: agree(reLogits) },
  };
}
