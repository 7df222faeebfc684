// The Servable: one loaded model version that runs its signatures on host tensors.
// IMPORTANT: do not hold a servable across requests; ask the loader each time (it may be evicted).
import type { ErrorCode } from '../errors/index.ts';
import type { SignatureInfo } from '../savedmodel/index.ts';
import type { HostTensor } from '../tensor/index.ts';

export type EngineName = 'portable' | 'native';

/**
 * Whether one signature can run. An unavailable signature is still listed (metadata shows it); running it
 * throws its `error` (UNIMPLEMENTED naming the op and node). A version loads when at least one signature runs.
 */
export interface SignatureStatus {
  key: string;
  available: boolean;
  /** Why it cannot run; absent when available. */
  error?: { code: ErrorCode; message: string };
}

export interface Servable {
  readonly engine: EngineName;
  /** Every signature of the model, available or not (init-op pseudo signatures excluded), sorted by key. */
  signatures(): SignatureInfo[];
  /** Per signature: can it run on this engine/backend, and if not, why (same order as signatures()). */
  signatureStatus(): SignatureStatus[];
  /** One signature; INVALID_ARGUMENT 'Serving signature key "k" not found.' when absent. */
  signature(key: string): SignatureInfo;
  /**
   * Runs a signature. `inputs` are keyed by input alias and must cover every input; the result holds
   * the requested outputs (all by default) keyed by alias. Never holds on to the input tensors.
   * Errors: the signature's UNIMPLEMENTED when unavailable; INVALID_ARGUMENT for inputs the signature or a
   * kernel refuses (input-checks.ts); anything else is a bug.
   */
  run(signatureKey: string, inputs: Map<string, HostTensor>, outputs?: readonly string[]): Promise<Map<string, HostTensor>>;
  /**
   * Converts every signature not converted yet (a lazy portable load); resolves when done, also when some cannot
   * run (their runs throw their errors). Absent or a no-op for servables that convert at load.
   */
  prepare?(): Promise<void>;
  /** Upper bound of the memory it holds, in bytes; never grows after load. */
  memoryBytes(): number;
  /** Frees everything; the servable is unusable afterwards. */
  dispose(): void;
}
