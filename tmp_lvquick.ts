import { lvGrid, lvMyocardiumField, lvLabelMap, lvTruth, lvCavityField } from './src/anatomy/lvPhantom';
import { defaultLvParams, validateLvParams } from './src/anatomy/lvParams';
const p = defaultLvParams();
console.log(validateLvParams(p));
let t0 = performance.now();
const g = lvGrid();
for (let r = 0; r < 3; r++) {
  t0 = performance.now();
  const ed = lvMyocardiumField({ ...p, edvMl: 150 + r }, 'ED', g);
  const es = lvMyocardiumField({ ...p, edvMl: 150 + r }, 'ES', g);
  console.log('time', performance.now() - t0);
}
const tr = lvTruth(p);
console.log(tr);
const g1 = { dims: [110, 110, 110] as [number,number,number], spacing: [1,1,1] as [number,number,number], origin: [-54.5,-54.5,-54.5] as [number,number,number] };
for (const ph of ['ED', 'ES'] as const) {
  const L = lvLabelMap(p, ph, g1);
  const cnt = [0,0,0,0];
  for (const v of L.data) cnt[v]!++;
  const cav = lvCavityField(p, ph, g1);
  let pv = 0; for (const f of cav.data) pv += Math.min(1, Math.max(0, 0.5 - f));
  console.log(ph, cnt, 'cav mL', cnt[3]!/1000, 'pv', pv/1000, 'myo g', cnt[2]!*1.05/1000);
}
