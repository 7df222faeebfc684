// lib/io: host I/O helpers every module shares — the one recursive directory listing and bounded concurrency.
// A leaf: imports only lib/errors. Public entry point of the module.
export { forEachLimit } from './for-each-limit.ts';
export { MAX_WALK_DEPTH, walkFiles, type WalkedFile } from './walk-files.ts';
export { WorkerPool, type WorkerPoolOptions, workersCanRun } from './worker-pool.ts';
export { copySliced, runSteps, runStepsSliced, type Steps, TimeSlice } from './time-slice.ts';
