/**
 * A cardiac model on real patients: every ED/ES pair of the development set (../shared/realdata:
 * ACDC HCM and normal test patients, ACDC patients of other groups, Sunnybrook ED maps) encoded
 * through the one encode path (src/pipeline/lv/encodeHeart.ts) like a user's files, scored against
 * the imported shape (Dice), HCM vs normal classification (accuracy, AUC), and the quality gate.
 * Subjects the model was trained or tuned on (manifest `trainingData[].subjects`) are reported apart.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readNifti } from '../../src/io/nifti';
import type { LvSession } from '../../src/model/lvSession';
import { encodeHeart } from '../../src/pipeline/lv/encodeHeart';
import { auc } from './evaluate';

/** The development set's place: ../shared/realdata beside the project root (whatever the working folder). */
export const REALDATA_DEFAULT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'shared',
  'realdata',
);

/** One real patient. */
export interface RealCase {
  /** `<group folder>/<patient id>`, e.g. `acdc_test/patient104`. */
  id: string;
  /** ACDC group (HCM, NOR, DCM, MINF, RV) or 'HF' (Sunnybrook heart failure). */
  group: string;
  ed: string;
  es: string | null;
}

/** How one patient went. */
export interface RealCaseResult {
  id: string;
  group: string;
  trainedOn: boolean;
  diceED: number | null;
  diceES: number | null;
  /** Dice of the encoder mean's reconstruction (before the code is fitted to the shape). */
  encoderDiceED: number | null;
  encoderDiceES: number | null;
  /** Whether the shown code is the encoder's mean or the fitted one. */
  code: 'encoder' | 'fitted' | null;
  pHcm: number | null;
  qualityOk: boolean | null;
  reasons: string[];
  /** Set when the import or encoding refused the files. */
  error: string | null;
}

/** Summary of a set of patients. */
export interface RealSummary {
  n: number;
  refused: number;
  diceED: { mean: number; min: number; below075: number } | null;
  diceES: { mean: number; min: number; below075: number } | null;
  /** The same at the encoder's mean, before fitting the code to the shape. */
  encoderDiceED: { mean: number; min: number; below075: number } | null;
  encoderDiceES: { mean: number; min: number; below075: number } | null;
  /** Patients whose shown code is the fitted one. */
  fitted: number;
  /** HCM vs normal only (other groups are not classified). */
  classification: { n: number; accuracy: number; auc: number; hcmFound: string; normalFound: string } | null;
  qualityNotOk: number;
}

export interface RealDataEvaluation {
  root: string;
  cases: RealCaseResult[];
  all: RealSummary;
  trainedOn: RealSummary;
  heldOut: RealSummary;
  /** Held-out patients per group. */
  heldOutByGroup: Record<string, RealSummary>;
}

/** Every patient of the development set with its group. */
export function listRealCases(root: string): RealCase[] {
  const out: RealCase[] = [];
  for (const folder of ['acdc', 'acdc_test', 'acdc_other', 'sunnybrook']) {
    const dir = path.join(root, folder);
    if (!existsSync(dir)) throw new Error(`real-data folder missing: ${dir}`);
    for (const f of readdirSync(dir)
      .filter((x) => /_ED_gt\.nii\.gz$/.test(x))
      .sort()) {
      const pid = f.replace('_ED_gt.nii.gz', '');
      const es = path.join(dir, f.replace('_ED_', '_ES_'));
      const cfg = path.join(dir, `${pid}_Info.cfg`);
      let group = folder === 'sunnybrook' ? 'HF' : 'unknown';
      if (existsSync(cfg)) group = /Group:\s*(\w+)/.exec(readFileSync(cfg, 'utf8'))?.[1] ?? group;
      else if (folder === 'acdc') group = pid === 'patient030' ? 'HCM' : pid === 'patient068' ? 'NOR' : group;
      out.push({ id: `${folder}/${pid}`, group, ed: path.join(dir, f), es: existsSync(es) ? es : null });
    }
  }
  return out;
}

function summarise(rs: RealCaseResult[]): RealSummary {
  const ok = rs.filter((r) => r.error === null);
  const stat = (v: number[]) =>
    v.length
      ? {
          mean: v.reduce((a, b) => a + b, 0) / v.length,
          min: Math.min(...v),
          below075: v.filter((x) => x < 0.75).length,
        }
      : null;
  const cls = ok.filter((r) => r.group === 'HCM' || r.group === 'NOR');
  let classification: RealSummary['classification'] = null;
  if (cls.length) {
    const y = cls.map((r) => (r.group === 'HCM' ? 1 : 0));
    const p = cls.map((r) => r.pHcm ?? 0);
    const right = cls.filter((r) => (r.pHcm ?? 0) >= 0.5 === (r.group === 'HCM')).length;
    const hcm = cls.filter((r) => r.group === 'HCM');
    const nor = cls.filter((r) => r.group === 'NOR');
    classification = {
      n: cls.length,
      accuracy: right / cls.length,
      auc: hcm.length && nor.length ? auc(p, y) : NaN,
      hcmFound: `${hcm.filter((r) => (r.pHcm ?? 0) >= 0.5).length}/${hcm.length}`,
      normalFound: `${nor.filter((r) => (r.pHcm ?? 0) < 0.5).length}/${nor.length}`,
    };
  }
  return {
    n: rs.length,
    refused: rs.length - ok.length,
    diceED: stat(ok.flatMap((r) => (r.diceED === null ? [] : [r.diceED]))),
    diceES: stat(ok.flatMap((r) => (r.diceES === null ? [] : [r.diceES]))),
    encoderDiceED: stat(ok.flatMap((r) => (r.encoderDiceED === null ? [] : [r.encoderDiceED]))),
    encoderDiceES: stat(ok.flatMap((r) => (r.encoderDiceES === null ? [] : [r.encoderDiceES]))),
    fitted: ok.filter((r) => r.code === 'fitted').length,
    classification,
    qualityNotOk: ok.filter((r) => r.qualityOk === false).length,
  };
}

/** Encodes every real patient with `session` and summarises (trained-on subjects apart). */
export async function evaluateRealData(
  session: LvSession,
  root: string,
  log: (line: string) => void = () => {},
): Promise<RealDataEvaluation> {
  const trained = new Set((session.manifest.trainingData ?? []).flatMap((d) => d.subjects ?? []));
  const cases: RealCaseResult[] = [];
  for (const c of listRealCases(root)) {
    const r: RealCaseResult = {
      id: c.id,
      group: c.group,
      trainedOn: trained.has(c.id),
      diceED: null,
      diceES: null,
      encoderDiceED: null,
      encoderDiceES: null,
      code: null,
      pHcm: null,
      qualityOk: null,
      reasons: [],
      error: null,
    };
    try {
      const ed = readNifti(readFileSync(c.ed));
      const es = c.es ? readNifti(readFileSync(c.es)) : undefined;
      const enc = await encodeHeart(session, ed, es);
      r.diceED = enc.dice.ED;
      r.diceES = enc.dice.ES;
      r.encoderDiceED = enc.fit.encoderDice.ED;
      r.encoderDiceES = enc.fit.encoderDice.ES;
      r.code = enc.fit.method;
      r.pHcm = enc.pHcm;
      r.qualityOk = enc.quality.ok;
      r.reasons = enc.quality.reasons;
    } catch (e) {
      r.error = (e as Error).message;
    }
    log(
      `${c.id} ${c.group}${r.trainedOn ? ' (trained on)' : ''}: ${r.error ?? `${r.code} code, Dice ED ${r.diceED?.toFixed(3)} (encoder ${r.encoderDiceED?.toFixed(3)}) ES ${r.diceES?.toFixed(3) ?? '—'} p(HCM) ${r.pHcm?.toFixed(3)} quality ${r.qualityOk ? 'ok' : 'not ok'}`}`,
    );
    cases.push(r);
  }
  const held = cases.filter((r) => !r.trainedOn);
  const groups = [...new Set(held.map((r) => r.group))].sort();
  return {
    root,
    cases,
    all: summarise(cases),
    trainedOn: summarise(cases.filter((r) => r.trainedOn)),
    heldOut: summarise(held),
    heldOutByGroup: Object.fromEntries(groups.map((g) => [g, summarise(held.filter((r) => r.group === g))])),
  };
}
