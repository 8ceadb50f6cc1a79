/**
 * Summary of the head detector on the HC18 development set from `hc18Eval.ts` output (JSON lines):
 * per part of the split (tuning, held-out), in-range heads (HC 175–330 mm, 20–36 weeks) — mean,
 * median, 95th percentile and worst five absolute HC differences, share within 10 %, images without a
 * result — out-of-range heads (result or message), the detector's uncertainty against its error
 * (quartiles, gross errors flagged), and the time per image. Writes docs/results/hc18.{md,json}.
 *
 * Run: `npx tsx training/skull/hc18Eval.ts --part all --out /tmp/hc18.jsonl` then
 *      `npx tsx training/skull/hc18Report.ts /tmp/hc18.jsonl`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { headSizeNote } from '../../src/pipeline/skullSize';
import { IN_RANGE_HC_MM } from './hc18Split';

interface Row {
  file: string;
  part: 'tuning' | 'heldout';
  pixelMm: number;
  hcMm: number;
  detHc?: number;
  errMm?: number;
  errPct?: number;
  coverage?: number;
  unc?: { hcSdMm: number; relSd: number; doubtful: boolean };
  fail?: string;
  cpuMs: number;
  wallMs: number;
}

const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const rows: Row[] = files.flatMap((f) =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row),
);
const r2 = (v: number, d = 2): number => Math.round(v * 10 ** d) / 10 ** d;
const q = (a: number[], p: number): number => {
  const s = [...a].sort((x, y) => x - y);
  if (!s.length) return NaN;
  const i = p * (s.length - 1);
  const lo = Math.floor(i);
  const hi = Math.min(s.length - 1, lo + 1);
  return (s[lo] as number) + (i - lo) * ((s[hi] as number) - (s[lo] as number));
};
const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / Math.max(1, a.length);
const inRange = (r: Row): boolean => r.hcMm >= IN_RANGE_HC_MM[0] && r.hcMm <= IN_RANGE_HC_MM[1];

function summary(rs: Row[]) {
  const ok = rs.filter((r) => r.detHc !== undefined);
  const abs = ok.map((r) => Math.abs(r.errMm as number));
  const worst = [...ok]
    .sort((a, b) => Math.abs(b.errMm as number) - Math.abs(a.errMm as number))
    .slice(0, 5)
    .map((r) => ({
      file: r.file,
      annotatedHcMm: r.hcMm,
      detectedHcMm: r.detHc,
      errMm: r.errMm,
      errPct: r.errPct,
      hcSdMm: r.unc?.hcSdMm,
      doubtful: r.unc?.doubtful,
    }));
  const within10 = ok.filter((r) => Math.abs(r.errPct as number) <= 10).length;
  // Uncertainty vs error: quarters by the predicted relative SD.
  const byU = [...ok].sort((a, b) => (a.unc?.relSd ?? 0) - (b.unc?.relSd ?? 0));
  const quarter = Math.floor(byU.length / 4);
  const lowQ = byU.slice(0, quarter).map((r) => Math.abs(r.errMm as number));
  const highQ = byU.slice(byU.length - quarter).map((r) => Math.abs(r.errMm as number));
  const gross = ok.filter((r) => Math.abs(r.errPct as number) > 10);
  const flagged = ok.filter((r) => r.unc?.doubtful);
  return {
    images: rs.length,
    withResult: ok.length,
    withoutResult: rs.length - ok.length,
    failures: rs.filter((r) => r.fail).map((r) => ({ file: r.file, hcMm: r.hcMm, message: r.fail })),
    absErrMm: {
      mean: r2(mean(abs)),
      median: r2(q(abs, 0.5)),
      p95: r2(q(abs, 0.95)),
      max: r2(Math.max(...abs)),
    },
    biasMm: r2(mean(ok.map((r) => r.errMm as number))),
    absErrPct: { mean: r2(mean(ok.map((r) => Math.abs(r.errPct as number)))) },
    within10pct: `${within10}/${rs.length}`,
    within10pctShare: r2(within10 / Math.max(1, rs.length), 4),
    worstFive: worst,
    uncertainty: {
      meanAbsErrMmLeastUncertainQuarter: r2(mean(lowQ)),
      meanAbsErrMmMostUncertainQuarter: r2(mean(highQ)),
      ratio: r2(mean(highQ) / Math.max(1e-9, mean(lowQ))),
      grossErrors: gross.length,
      grossErrorsFlagged: gross.filter((r) => r.unc?.doubtful).length,
      flaggedImages: flagged.length,
      flaggedShare: r2(flagged.length / Math.max(1, ok.length), 3),
    },
    cpuMsPerImage: {
      median: r2(
        q(
          rs.map((r) => r.cpuMs),
          0.5,
        ),
        0,
      ),
      p95: r2(
        q(
          rs.map((r) => r.cpuMs),
          0.95,
        ),
        0,
      ),
      max: r2(Math.max(...rs.map((r) => r.cpuMs)), 0),
    },
  };
}

function outOfRange(rs: Row[]) {
  const out = rs.filter((r) => !inRange(r));
  const res = out.filter((r) => r.detHc !== undefined);
  const abs = res.map((r) => Math.abs(r.errPct as number));
  const notes = res.map((r) => headSizeNote(r.detHc as number));
  return {
    images: out.length,
    withResult: res.length,
    withMessage: out.length - res.length,
    messages: [...new Set(out.filter((r) => r.fail).map((r) => (r.fail as string).replace(/[\d.]+/g, '#')))],
    absErrPct: { mean: r2(mean(abs)), median: r2(q(abs, 0.5)), p95: r2(q(abs, 0.95)) },
    within10pct: `${abs.filter((v) => v <= 10).length}/${out.length}`,
    sizeNotes: {
      noPrediction: notes.filter((n) => n.prediction === 'no').length,
      extrapolated: notes.filter((n) => n.prediction === 'extrapolated').length,
      inside: notes.filter((n) => n.prediction === 'yes').length,
    },
  };
}

const parts = ['tuning', 'heldout'] as const;
const report = {
  method: 'src/imaging/headOutline.ts (docs/imaging.md); split: training/skull/hc18Split.ts',
  data: 'HC18 (van den Heuvel et al., PLoS ONE 2018; Zenodo 1327317; CC BY 4.0), ../shared/realdata/hc18/dev',
  inRangeHcMm: IN_RANGE_HC_MM,
  inRange: Object.fromEntries(parts.map((p) => [p, summary(rows.filter((r) => r.part === p && inRange(r)))])),
  allImages: Object.fromEntries(parts.map((p) => [p, summary(rows.filter((r) => r.part === p))])),
  outOfRange: Object.fromEntries(parts.map((p) => [p, outOfRange(rows.filter((r) => r.part === p))])),
};
const outDir = join(process.cwd(), 'docs', 'results');
if (!process.argv.includes('--no-write'))
  writeFileSync(join(outDir, 'hc18.json'), `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
