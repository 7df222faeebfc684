// Big REST bodies are decoded in worker threads (issue 10 item 4): the dialect parser builds millions of
// JavaScript values for a 30 MB body, seconds during which no other request would be answered. Bodies under
// `minBytes` keep the main-thread path (a worker round trip costs ~0.1 ms plus the copy). The body's buffer is
// moved to the worker, the tensors' buffers moved back. Wired by lib/server; Lambda (one request at a time
// per container) does not use it.
import { WorkerPool } from '../../io/index.ts';
import type { SignatureInfo } from '../../savedmodel/index.ts';
import type { RequestBody } from '../json/json-request.ts';
import type { RestTarget } from '../rest/rest-inference.ts';
import type { DecodeAnswer, DecodeJob } from './decode-job.ts';
import type { DecodedExamplesRequest } from './example-codec.ts';
import type { DecodedPredictRequest } from './predict-codec.ts';

export interface DecodeOffloadOptions {
  /** Bodies of at least this many bytes are decoded in a worker; default 1 MiB. */
  minBytes?: number;
  /** Worker threads; default 1. */
  workers?: number;
  /** Bodies waiting for a worker; default 16 (one more is RESOURCE_EXHAUSTED, 429). */
  maxQueued?: number;
}

export interface DecodeOffload {
  readonly minBytes: number;
  run(job: DecodeJob): Promise<DecodeAnswer>;
  close(): Promise<void>;
}

/** @example const offload = startDecodeOffload({ minBytes: 1 << 20 }); handleRestRequest(req, provider, { offload }) */
export function startDecodeOffload(options: DecodeOffloadOptions = {}): DecodeOffload {
  const pool = new WorkerPool<DecodeJob, DecodeAnswer>({ module: new URL('./decode-job.ts', import.meta.url), size: options.workers, maxQueued: options.maxQueued });
  return {
    minBytes: options.minBytes ?? 1 << 20,
    run: (job) => pool.run(job, [job.bytes.buffer as ArrayBuffer]),
    close: () => pool.close(),
  };
}

/** The body's bytes when `offload` takes it (big enough), else undefined: decode on this thread. */
export function offloadedBytes(body: RequestBody, offload: DecodeOffload | undefined): Uint8Array | undefined {
  const bytes = body.bytes;
  if (!offload || !bytes || bytes.byteLength < offload.minBytes) return undefined;
  // Only a buffer of its own may be moved (a small Buffer can be a view into Node's shared pool).
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

/** decodePredictRequest in a worker, against the target's signatures. */
export async function decodePredictOffloaded(offload: DecodeOffload, bytes: Uint8Array, target: RestTarget): Promise<DecodedPredictRequest> {
  const answer = await offload.run({ kind: 'predict', bytes, signatures: signatureTable(target) });
  if (answer.kind === 'predict') return answer.request;
  if (answer.kind === 'missing') target.signature(answer.name, 'rest-predict'); // throws the real NOT_FOUND / load error
  throw new Error(`a worker decoded a predict body as '${answer.kind}'`);
}

/** decodeExamplesRequest in a worker. */
export async function decodeExamplesOffloaded(offload: DecodeOffload, bytes: Uint8Array): Promise<DecodedExamplesRequest> {
  const answer = await offload.run({ kind: 'examples', bytes });
  if (answer.kind !== 'examples') throw new Error(`a worker decoded an examples body as '${answer.kind}'`);
  return answer.request;
}

/** Every signature the target can look up by key; empty when the servable is not there (its error comes later). */
function signatureTable(target: RestTarget): Record<string, SignatureInfo> {
  const table: Record<string, SignatureInfo> = {};
  let keys: string[];
  try {
    const model = target.model();
    keys = model.metaGraph ? Object.keys(model.metaGraph.def.signature_def ?? {}) : model.servable.signatures().map((s) => s.key);
  } catch {
    return table;
  }
  for (const key of keys) {
    try {
      table[key] = target.signature(key, 'rest-predict');
    } catch {
      // reported by the lookup itself if the body names it
    }
  }
  return table;
}
