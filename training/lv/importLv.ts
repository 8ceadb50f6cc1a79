/**
 * The LV import ("bring your own data") lives in src/io/lvImport.ts so the explorer's worker runs the
 * same code; re-exported here for training, evaluation and the CLI.
 */
export * from '../../src/io/lvImport';
