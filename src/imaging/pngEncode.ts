/** The PNG writer lives in io/ (one encoder for the preview images, the tests and the example figures). */
export * from '../io/pngEncode';
