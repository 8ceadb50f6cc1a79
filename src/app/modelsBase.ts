/// <reference types="vite/client" />
// (The reference lets the unit tests' TypeScript project, which has no Vite types, read this file.)

/** The app's base path as built (Vite's `base`), ending in '/'. */
export const APP_BASE: string = import.meta.env.BASE_URL ?? '/';

/** Where the models are served from (the app's own origin): `public/models/` in the build. */
export const MODELS_BASE = `${APP_BASE}models`.replace('//', '/');
