// lib/forward: the api function's forwarding of heavy versions to the heavy target (issue 15). Public entry point.
export { handleWithForwarding, type TargetedProvider } from './forwarding-handler.ts';
export { type HeavyTarget, HOP_HEADERS } from './heavy-target.ts';
export { httpHeavyTarget, type HttpTargetOptions } from './http-target.ts';
