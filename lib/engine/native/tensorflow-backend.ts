// Briefly makes tfjs-node's 'tensorflow' backend the active one, for the one call that insists on it.
import type { TfjsNode } from './tfjs-node-api.ts';

/**
 * Calls `start` with 'tensorflow' active and puts the previous backend back before returning, so that the
 * portable engine (wasm/cpu) in the same process never runs on it. tfjs-node's loadSavedModel checks the
 * active backend synchronously on entry and keeps a reference to the backend; nothing after its first await
 * depends on which backend is active, and the native engine's run() bypasses the tfjs engine altogether.
 * IMPORTANT: switching to an already-initialised backend is synchronous (Engine.setBackend awaits only a first,
 * asynchronous initialisation), so no other code can run between the switch and the switch back.
 */
export function withTensorflowBackend<T>(tfn: TfjsNode, start: () => T): T {
  const previous = tfn.getBackend();
  if (previous === 'tensorflow') return start();
  void tfn.setBackend('tensorflow');
  if (tfn.getBackend() !== 'tensorflow') throw new Error(`could not activate the tensorflow backend (active: ${previous})`);
  try {
    return start();
  } finally {
    if (previous) void tfn.setBackend(previous);
  }
}
