// The Servable: one loaded model version that runs its signatures on host tensors.
// IMPORTANT: do not hold a servable across requests; ask the loader each time (it may be evicted).
import type { SignatureInfo } from '../savedmodel/index.ts';
import type { HostTensor } from '../tensor/index.ts';

export type EngineName = 'portable' | 'native';

export interface Servable {
  readonly engine: EngineName;
  /** Every signature the model serves (init-op pseudo signatures excluded), sorted by key. */
  signatures(): SignatureInfo[];
  /** One signature; INVALID_ARGUMENT 'Serving signature key "k" not found.' when absent. */
  signature(key: string): SignatureInfo;
  /**
   * Runs a signature. `inputs` are keyed by input alias and must cover every input; the result holds
   * the requested outputs (all by default) keyed by alias. Never holds on to the input tensors.
   */
  run(signatureKey: string, inputs: Map<string, HostTensor>, outputs?: readonly string[]): Promise<Map<string, HostTensor>>;
  /** Upper bound of the memory it holds, in bytes; never grows after load. */
  memoryBytes(): number;
  /** Frees everything; the servable is unusable afterwards. */
  dispose(): void;
}
