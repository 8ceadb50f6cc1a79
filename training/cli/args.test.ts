import { describe, expect, it } from 'vitest';
import { camelCase, kebabCase, numberFlag, parseArgs, UsageError, type FlagSpec } from './args.ts';

const SPEC: FlagSpec = {
  values: ['out', 'septalMm', 'efPct'],
  booleans: ['labels'],
  positionals: [1, 1],
  positionalName: 'anatomy',
};

describe('parseArgs', () => {
  it('reads values, switches, kebab-case and --name=value', () => {
    const a = parseArgs(
      ['lv', '--septal-mm', '18', '--efPct=60', '--labels', '--out', 'x.nii'],
      SPEC,
      'phantom',
    );
    expect(a.positionals).toEqual(['lv']);
    expect(Object.fromEntries(a.values)).toEqual({ septalMm: '18', efPct: '60', out: 'x.nii' });
    expect([...a.booleans]).toEqual(['labels']);
  });
  it('accepts negative numbers as values', () => {
    const a = parseArgs(['lv', '--efPct', '-5'], SPEC, 'phantom');
    expect(numberFlag(a, 'efPct', 'phantom')).toBe(-5);
  });
  it('passes NaN and Infinity through for the validators, rejects other text', () => {
    expect(numberFlag(parseArgs(['lv', '--efPct', 'NaN'], SPEC, 'p'), 'efPct', 'p')).toBeNaN();
    expect(numberFlag(parseArgs(['lv', '--efPct', '-inf'], SPEC, 'p'), 'efPct', 'p')).toBe(-Infinity);
    expect(() => numberFlag(parseArgs(['lv', '--efPct', '6o'], SPEC, 'p'), 'efPct', 'p')).toThrow(
      /--ef-pct expects a number, got '6o'/,
    );
  });
  it('names the problem: unknown option with a suggestion, missing value, extra or missing positional', () => {
    expect(() => parseArgs(['lv', '--septalMn', '3'], SPEC, 'phantom')).toThrow(
      /unknown option '--septalMn' \(did you mean --septalMm\?\)/,
    );
    expect(() => parseArgs(['lv', '--zzzzzz'], SPEC, 'phantom')).toThrow(/unknown option '--zzzzzz'; see/);
    expect(() => parseArgs(['lv', '--out'], SPEC, 'phantom')).toThrow(/--out needs a value/);
    expect(() => parseArgs(['lv', '--out', '--labels'], SPEC, 'phantom')).toThrow(/--out needs a value/);
    expect(() => parseArgs(['lv', 'skull'], SPEC, 'phantom')).toThrow(/unexpected argument 'skull'/);
    expect(() => parseArgs([], SPEC, 'phantom')).toThrow(/missing anatomy/);
    expect(() => parseArgs(['lv', '-x'], SPEC, 'phantom')).toThrow(UsageError);
    expect(() => parseArgs(['lv', '--labels=1'], SPEC, 'phantom')).toThrow(/is a switch/);
    expect(() => parseArgs(['lv', '--out', 'a', '--out', 'b'], SPEC, 'phantom')).toThrow(/given twice/);
  });
  it('converts between camelCase and kebab-case', () => {
    expect(camelCase('long-shortening-pct')).toBe('longShorteningPct');
    expect(kebabCase('longShorteningPct')).toBe('long-shortening-pct');
  });
});
