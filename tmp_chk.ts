import { makeProfile, buildMeridianLut } from './src/anatomy/lvProfile';
for (const [R, L, p] of [[26.4, 88, 3.5], [15, 70, 1.22], [30, 90, 7], [9, 60, 2]] as const) {
const prof = makeProfile(R, L, p, 49);
const lut = buildMeridianLut(prof, 72, -50.4, 50.4);
let maxIn = 0, maxOut = 0, maxH = 0;
for (let iz = 0; iz < lut.nZ; iz += 3) for (let ir = 0; ir < lut.nRho; ir += 3) {
  const pr = ir * lut.step, pz = lut.z0 + iz * lut.step;
  let best = Infinity, bh = 0;
  for (let i = 0; i + 1 < prof.rho.length; i++) {
    const ar = prof.rho[i]!, az = prof.z[i]!, dr = prof.rho[i+1]! - ar, dz = prof.z[i+1]! - az;
    let t = ((pr-ar)*dr + (pz-az)*dz)/(dr*dr+dz*dz); t = Math.max(0, Math.min(1, t));
    const d = Math.hypot(ar + t*dr - pr, az + t*dz - pz);
    if (d < best) { best = d; bh = prof.h[i]! + t*(prof.h[i+1]! - prof.h[i]!); }
  }
  const c = ir + lut.nRho * iz;
  const err = Math.abs(Math.abs(lut.dist[c]!) - best);
  if (lut.dist[c]! < 0) maxIn = Math.max(maxIn, err); else { maxOut = Math.max(maxOut, err); maxH = Math.max(maxH, Math.abs(lut.height[c]! - bh)); }
}
console.log(R, L, p, 'maxErr inside', maxIn.toFixed(4), 'outside', maxOut.toFixed(5), 'h', maxH.toFixed(5));
}
