// Resource bounds a version must fit before the engine allocates anything for it (issue 10): the bytes of
// its constants and variables (TF's broadcast-fill constants counted at their expanded size) and its node
// count. A version over a bound fails to load with RESOURCE_EXHAUSTED naming the node and the bytes.
import { totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import { ServingError } from '../errors/index.ts';

export interface LoadLimits {
  /** Bytes of constant and variable values one version may hold in the engine; default modelBytesForMemory(). */
  maxModelBytes?: number;
  /** Nodes in the graph plus its library functions; default DEFAULT_MAX_GRAPH_NODES. */
  maxGraphNodes?: number;
  /** Bytes of any one tensor a kernel makes at request time (process-wide, like the backend); default as maxModelBytes. */
  maxTensorBytes?: number;
}

/** A graph this large (after inlining function calls) is refused; a 38 MB pbtxt has ~1.3M nodes. */
export const DEFAULT_MAX_GRAPH_NODES = 2_000_000;

/**
 * A load holds each weight about three times at its peak (the decoded host tensor, TensorFlow.js's encoded
 * weight buffer, the backend's copy), so one version may have a quarter of the memory left after the
 * runtime (RUNTIME_RESERVE_BYTES) in weights.
 */
export const MODEL_SHARE = 0.25;
const RUNTIME_RESERVE_BYTES = 256 * 1024 * 1024;

/** The memory this process may use: the cgroup (container) limit when there is one, else the machine's. */
export function processMemoryBytes(): number {
  let limit = totalmem();
  for (const file of ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes']) {
    try {
      const v = Number(readFileSync(file, 'utf8').trim());
      if (Number.isFinite(v) && v > 0 && v < limit) limit = v;
    } catch {
      // no such cgroup file: not in a limited container
    }
  }
  return limit;
}

/**
 * The default weight budget for a process with `memoryBytes` of memory.
 * @example modelBytesForMemory(2 * 1024 ** 3) // 448 MiB
 */
export function modelBytesForMemory(memoryBytes: number): number {
  return Math.floor(Math.max(64 * 1024 * 1024, (memoryBytes - RUNTIME_RESERVE_BYTES) * MODEL_SHARE));
}

let defaultModelBytes: number | undefined;

/** The limits with every default filled in; INVALID_ARGUMENT for a limit that is not a positive integer. */
export function resolveLoadLimits(limits: LoadLimits = {}): Required<LoadLimits> {
  for (const [k, v] of Object.entries(limits)) {
    if (v !== undefined && !(Number.isSafeInteger(v) && v > 0)) throw new ServingError('INVALID_ARGUMENT', `${k} must be a positive integer, got ${v}`);
  }
  defaultModelBytes ??= modelBytesForMemory(processMemoryBytes());
  return {
    maxModelBytes: limits.maxModelBytes ?? defaultModelBytes,
    maxGraphNodes: limits.maxGraphNodes ?? DEFAULT_MAX_GRAPH_NODES,
    maxTensorBytes: limits.maxTensorBytes ?? defaultModelBytes,
  };
}
