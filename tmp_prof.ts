import { makeProfile, buildMeridianLut } from './src/anatomy/lvProfile';
import { myocardialVolumeMm3 } from './src/anatomy/lvWall';
import { validateLvParams, defaultLvParams } from './src/anatomy/lvParams';
const prof = makeProfile(26.4, 88, 3.5, 49);
for (let r = 0; r < 5; r++) {
  let t0 = performance.now();
  buildMeridianLut(prof, 72, -50.4, 50.4);
  const t1 = performance.now();
  myocardialVolumeMm3({ profile: prof, walls: { septal: 9, anterior: 8, lateral: 9, inferior: 9, apical: 7 } });
  const t2 = performance.now();
  validateLvParams(defaultLvParams());
  const t3 = performance.now();
  console.log('lut', (t1 - t0).toFixed(1), 'mass', (t2 - t1).toFixed(1), 'validate', (t3-t2).toFixed(1));
}
