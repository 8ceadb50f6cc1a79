/**
 * `readerMain(['dicom', FILE])`: run one reader on a file the way the CLI would, for the fuzz
 * harness (one `error:` line and exit 1 on bad input; JSON on stdout and exit 0 on success).
 */
import { readFileSync } from 'node:fs';
import { isUserInputError } from '../src/io/errors.ts';
import { decodeDicom } from '../src/io/dicom.ts';

export function readerMain(argv: readonly string[]): number {
  const [reader, file] = argv;
  try {
    if (reader !== 'dicom' || file === undefined) {
      process.stderr.write('error: usage: readFile.mjs dicom FILE\n');
      return 2;
    }
    const buf = readFileSync(file);
    const img = decodeDicom(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
    let finite = true;
    for (const v of img.data) if (!(v >= 0 && v <= 1)) finite = false;
    process.stdout.write(
      `${JSON.stringify({ width: img.width, height: img.height, pixelMm: img.pixelMm, inRange: finite, warnings: img.warnings })}\n`,
    );
    return 0;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(
      isUserInputError(e) ? `error: ${msg}\n` : `error: internal failure: ${msg.split('\n')[0]}\n`,
    );
    return 1;
  }
}
