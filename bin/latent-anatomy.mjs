#!/usr/bin/env node
// Entry point of the `latent-anatomy` command: registers tsx so the TypeScript sources run as is,
// then hands argv to training/cli.ts and exits with its status.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../training/cli.ts');
process.exitCode = await main(process.argv.slice(2));
