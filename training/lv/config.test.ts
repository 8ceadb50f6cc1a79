/**
 * The shipped cardiac models match the training configurations that would rebuild them: the
 * synthetic population version (which `eval` also draws its test hearts from), the basis size and
 * the latent layout.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LV_POPULATION_VERSIONS } from '../../src/anatomy/lvPopulation';
import { LV_CONFIGS, type LvModelId } from './config';

describe('LV training configurations and the shipped models', () => {
  for (const id of Object.keys(LV_CONFIGS) as LvModelId[]) {
    it(`${id}: population, basis and latent sizes as in public/models/${id}/manifest.json`, () => {
      const cfg = LV_CONFIGS[id];
      const m = JSON.parse(readFileSync(`public/models/${id}/manifest.json`, 'utf8')) as {
        generatorVersion: number;
        training: { population: number; basisK: number };
        latent: { levels: { size: number }[] };
      };
      expect(LV_POPULATION_VERSIONS).toContain(cfg.population);
      expect(m.generatorVersion).toBe(cfg.population);
      expect(m.training.population).toBe(cfg.population);
      expect(m.training.basisK).toBe(cfg.basisK);
      expect(m.latent.levels.map((l) => l.size)).toEqual(cfg.latent);
    });
  }
});
