/** Where the models are served from (the app's own origin): `public/models/` in the build. */
export const MODELS_BASE = `${import.meta.env.BASE_URL ?? '/'}models`.replace('//', '/');
