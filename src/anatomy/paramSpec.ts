/**
 * Slider/clamping description of one numeric parameter, shared by the LV and skull parameter sets.
 */
export interface ParamSpec {
  /** Human label for a UI slider. */
  label: string;
  /** Unit shown after the value ('mL', 'mm', '%', 'w', ''). */
  unit: string;
  min: number;
  max: number;
  default: number;
  step: number;
}

function withUnit(value: number, unit: string): string {
  return unit ? `${value} ${unit}` : `${value}`;
}

/**
 * Reads one parameter: missing → fallback silently; not a finite number → fallback with a message;
 * out of [min, max] → clamped with a message. `fallback` defaults to the spec's default.
 */
export function readParam(
  key: string,
  value: unknown,
  spec: ParamSpec,
  messages: string[],
  fallback: number = spec.default,
): number {
  const fb = Math.round(fallback * 1000) / 1000;
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value)) {
    const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
    messages.push(`${key} = ${shown} is not a number; using default ${withUnit(fb, spec.unit)}`);
    return fallback;
  }
  if (!Number.isFinite(value)) {
    messages.push(`${key} = ${value} is not a finite number; using default ${withUnit(fb, spec.unit)}`);
    return fallback;
  }
  if (value > spec.max) {
    messages.push(`${key} ${value} is above ${spec.max}; clamped to ${withUnit(spec.max, spec.unit)}`);
    return spec.max;
  }
  if (value < spec.min) {
    messages.push(`${key} ${value} is below ${spec.min}; clamped to ${withUnit(spec.min, spec.unit)}`);
    return spec.min;
  }
  return value;
}

/** Messages for keys that are not parameters. */
export function unknownKeys(p: object, known: readonly string[], messages: string[]): void {
  for (const key of Object.keys(p)) {
    if (!known.includes(key))
      messages.push(`unknown parameter ${key} ignored (expected one of ${known.join(', ')})`);
  }
}

/** Rounds for messages. */
export function fmt(v: number, digits = 1): string {
  return String(Math.round(v * 10 ** digits) / 10 ** digits);
}
