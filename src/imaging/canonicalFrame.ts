/** The canonical frame of a head outline lives in geometry/ (anatomy/skullSection.ts uses it too). */
export * from '../geometry/canonicalFrame';
