/** The head detector's user-facing refusals (`UserInputError`s naming what was wrong and what would work). */
import { UserInputError } from '../io/errors';

/** No head-like ring in the image; `why` gives the measured support and contrast. */
export function noHead(why: string): UserInputError {
  return new UserInputError(
    `no fetal head found in the image (${why}); expected a plane through the head showing the bright skull outline`,
  );
}

/** The ring found implies an OFD outside [lo, hi] mm at this pixel size. */
export function absurdScale(
  ofdMm: number,
  ofdPx: number,
  pixelMm: number,
  lo: number,
  hi: number,
): UserInputError {
  const what =
    ofdMm < lo
      ? `smaller than any fetal head this detector measures (OFD ${lo} mm, about 9 weeks)`
      : `larger than any fetal head (OFD ${hi} mm is beyond term)`;
  return new UserInputError(
    `the ring found is ${ofdPx.toFixed(0)} pixels long, which at ${pixelMm} mm per pixel is an occipito-frontal diameter of ${ofdMm.toFixed(0)} mm — ${what}; check the pixel size, or that the image shows a fetal head`,
  );
}
