#!/usr/bin/env node
// A reader as a child process, for inputs no CLI command takes (DICOM): `node fuzz/readFile.mjs
// dicom FILE` prints the decoded image's size and pixel size as JSON and exits 0, or prints one
// `error:` line and exits 1, as the CLI does.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { readerMain } = await import('./readerMain.ts');
process.exitCode = await readerMain(process.argv.slice(2));
