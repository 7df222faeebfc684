// Decodes saved_model.pb (binary) or saved_model.pbtxt (text format) into a tensorflow.SavedModel message.
// TensorFlow prefers saved_model.pb when both exist (tensorflow/cc/saved_model/reader.cc); so do we.
import { ServingError } from '../errors/index.ts';
import { copySliced, WorkerPool, workersCanRun } from '../io/index.ts';
import { parseTextProto, protoType } from '../proto/index.ts';
import { decodeInSlices } from './chunked-decode.ts';
import type { ModelFiles } from './model-files.ts';
import type { SavedModelMessage } from './messages.ts';

export const SAVED_MODEL_PB = 'saved_model.pb';
export const SAVED_MODEL_PBTXT = 'saved_model.pbtxt';

/** Reads and sanity-checks the SavedModel proto of one version. `where` names the version in messages. */
export function decodeSavedModelProto(files: ModelFiles, where: string): SavedModelMessage {
  const type = protoType('tensorflow.SavedModel');
  const pb = files.get(SAVED_MODEL_PB);
  let message: SavedModelMessage;
  if (pb) {
    try {
      message = type.decode(pb) as unknown as SavedModelMessage;
    } catch (e) {
      throw new ServingError(
        'DATA_LOSS',
        `${where}/${SAVED_MODEL_PB} is not a valid SavedModel protobuf (truncated or not a SavedModel): ${(e as Error).message}`,
        { cause: e },
      );
    }
  } else {
    const txt = files.get(SAVED_MODEL_PBTXT);
    if (!txt) {
      throw new ServingError(
        'NOT_FOUND',
        `Could not find SavedModel .pb or .pbtxt at supplied export directory path: ${where}`,
      );
    }
    const text = new TextDecoder('utf-8', { fatal: false }).decode(txt);
    message = parseTextProto(type, text, {
      fileName: `${where}/${SAVED_MODEL_PBTXT}`,
      allowUnknownFields: true,
    }) as unknown as SavedModelMessage;
  }
  checkShape(message, where);
  return message;
}

export interface DecodeOptions {
  /**
   * false: leave each MetaGraphDef's graph_def empty (not decoded), for callers that read only signatures, the
   * saver and assets (the completeness check). Only the sliced binary path skips it; default true.
   */
  graph?: boolean;
}

const WITHOUT_GRAPH: ReadonlySet<string> = new Set(['tensorflow.MetaGraphDef.graph_def']);

/** A saved_model.pbtxt this large is parsed in a worker thread by decodeSavedModelProtoAsync. */
const TEXT_IN_WORKER_BYTES = 1 << 20;
const TEXT_JOB = new URL('./text-proto-job.ts', import.meta.url);

/**
 * decodeSavedModelProto that leaves the event loop free (issue 10 item 4): saved_model.pb is decoded in slices
 * with pauses; a big saved_model.pbtxt is parsed in a worker thread (its binary encoding comes back and is
 * decoded in slices). Same messages and errors as the synchronous decode.
 */
export async function decodeSavedModelProtoAsync(files: ModelFiles, where: string, options: DecodeOptions = {}): Promise<SavedModelMessage> {
  const pb = files.get(SAVED_MODEL_PB);
  const txt = pb ? undefined : files.get(SAVED_MODEL_PBTXT);
  let binary = pb;
  if (txt && txt.byteLength >= TEXT_IN_WORKER_BYTES && workersCanRun(TEXT_JOB)) {
    // A thread per big pbtxt (rare; ~1 s to start), ended after: an idle worker kept `serve` alive after SIGTERM.
    const worker = new WorkerPool<{ bytes: Uint8Array; fileName: string }, Uint8Array>({ module: TEXT_JOB, size: 1 });
    try {
      // Copied in slices and moved, not cloned: posting 38 MB without a transfer list held the event loop ~0.3 s
      // (bench/load-stalls.ts); the file's own bytes stay with the version.
      const bytes = await copySliced(txt);
      binary = await worker.run({ bytes, fileName: `${where}/${SAVED_MODEL_PBTXT}` }, [bytes.buffer as ArrayBuffer]);
    } finally {
      await worker.close();
    }
  }
  if (!binary) return decodeSavedModelProto(files, where); // a small pbtxt, or none (its NOT_FOUND)
  let message: SavedModelMessage;
  try {
    const skip = options.graph === false ? WITHOUT_GRAPH : undefined;
    message = (await decodeInSlices('tensorflow.SavedModel', binary, undefined, skip)) as unknown as SavedModelMessage;
  } catch {
    return decodeSavedModelProto(files, where); // the whole-message decode words the error
  }
  checkShape(message, where);
  return message;
}

// A random byte string can decode "successfully" as protobuf; insist on the structure a SavedModel has.
function checkShape(m: SavedModelMessage, where: string): void {
  const graphs = m.meta_graphs ?? [];
  if (graphs.length === 0) {
    throw new ServingError('DATA_LOSS', `${where}: the SavedModel holds no MetaGraphDef (not a SavedModel, or empty)`);
  }
  graphs.forEach((g, i) => {
    if (!g.graph_def) throw new ServingError('DATA_LOSS', `${where}: MetaGraphDef #${i} has no graph_def`);
    if (!g.meta_info_def) throw new ServingError('DATA_LOSS', `${where}: MetaGraphDef #${i} has no meta_info_def`);
  });
}
