import { sampleLvCohort } from './src/anatomy/lvPopulation';
import { validateLvParams } from './src/anatomy/lvParams';
const c = sampleLvCohort(1, 400);
const stats: Record<string, number[][]> = {};
let msgs = 0;
for (const s of c) {
  const k = s.cls + (s.phenotype ?? '');
  (stats[k] ??= []).push([s.params.edvMl, s.params.lengthMm, s.params.sphericity, s.params.efPct, Math.max(s.params.septalMm, s.params.lateralMm, s.params.anteriorMm, s.params.inferiorMm, s.params.apicalMm), s.params.septalMm/s.params.lateralMm]);
  msgs += validateLvParams({...s.params}).messages.length;
}
for (const [k, v] of Object.entries(stats)) {
  const m = v[0]!.map((_, j) => (v.reduce((a, r) => a + r[j]!, 0) / v.length).toFixed(2));
  const mx = v[0]!.map((_, j) => Math.max(...v.map(r=>r[j]!)).toFixed(2));
  const mn = v[0]!.map((_, j) => Math.min(...v.map(r=>r[j]!)).toFixed(2));
  console.log(k, v.length, 'mean', m.join(' '), '\n   min', mn.join(' '), '\n   max', mx.join(' '));
}
console.log('remsgs', msgs);
