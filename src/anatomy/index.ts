/** Synthetic anatomy: pure, seeded generators shared by the app, the worker, training and tests. */
export * from './random';
export * from './paramSpec';
export * from './grid';
export * from './lvParams';
export * from './lvProfile';
export * from './lvWall';
export * from './lvPhantom';
export * from './lvPopulation';
export * from './intergrowth';
export * from './skullParams';
export * from './skullShape';
export * from './skullPhantom';
export * from './skullPopulation';
