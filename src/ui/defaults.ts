import type { ParamSpec } from './ParamSlider';

/** The default value of every parameter of a spec table. */
export function defaultsOf(specs: Record<string, ParamSpec>): Record<string, number> {
  return Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.default]));
}
