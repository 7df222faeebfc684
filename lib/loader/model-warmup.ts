// Model warm-up: replays assets.extra/tf_serving_warmup_requests against a freshly loaded servable before it
// is served, like TF Serving's --enable_model_warmup. Not a request path: nothing here answers a client.
//
// Facts (tensorflow_serving/servables/tensorflow/saved_model_warmup_util.{h,cc}, saved_model_warmup.cc):
// - The file is a TFRecord file of tensorflow.serving.PredictionLog; no file means no warm-up (OK).
//   An empty file holds zero records (the reader's OUT_OF_RANGE "eof" is rewritten to OK).
// - kMaxNumRecords = 1000; more: INVALID_ARGUMENT "Number of warmup records exceeds the maximum (1000) at <path>".
// - Each record runs num_request_iterations times (ModelWarmupOptions, default 1); the first failure fails the load.
// - A record that is not a PredictionLog: INVALID_ARGUMENT "Failed to parse warmup record: <bytes> from <path>".
// - A reader DATA_LOSS gets ". Please verify your warmup data is in TFRecord format." appended.
// - classify_log / regress_log / predict_log / multi_inference_log run RunClassify / RunRegress / RunPredict /
//   RunMultiInference; predict_streamed_log (7) and session_run_log (5) are UNIMPLEMENTED
//   "Unsupported log_type for warmup: <field number>"; a record with no log type does nothing.
// Requests run through the inference core (lib/inference), the one REST and gRPC use: the checks and texts of
// predict_util.cc, saved_model/util.cc (GetInputValues), classifier.cc / regressor.cc, multi_inference.cc.
// Differences: the record limit is checked before the 1001st record runs (TF runs it, then fails);
// MultiInference runs each task's signature on its own (TF fetches all tasks' outputs in one Session::Run);
// given a bare Servable (no MetaGraph), signature defaults are unknown, so every input must be in a Predict request.
import type { Servable } from '../engine/index.ts';
import { checkOptionKeys, isServingError, ServingError } from '../errors/index.ts';
import {
  decodeExamplesRequest, decodeMultiInferenceRequest, type ExamplesRequest, findSignature, type InferenceModel, lengthDelimitedFields,
  type PredictRequestMessage, runClassify, runMultiInference, runPredict, runRegress, serializedExamples, signatureKey,
} from '../inference/index.ts';
import { protobuf, protoType } from '../proto/index.ts';
import { ASSETS_EXTRA_DIR, type ModelFiles, readTFRecords } from '../savedmodel/index.ts';

/** WarmupConsts::kRequestsFileName, under the version's assets.extra/. */
export const WARMUP_REQUESTS_PATH = `${ASSETS_EXTRA_DIR}/tf_serving_warmup_requests`;
/** WarmupConsts::kMaxNumRecords. */
export const MAX_WARMUP_RECORDS = 1000;

export interface ModelWarmupOptions {
  /** Records the file may hold; more fail the load. Count, default 1000 (TF Serving's kMaxNumRecords). */
  maxRecords?: number;
  /** Runs of each record (ModelWarmupOptions.num_request_iterations). Count ≥ 1, default 1. */
  iterations?: number;
}

/** PredictionLog oneof log_type: classify_log=2, regress_log=3, multi_inference_log=4, session_run_log=5, predict_log=6, predict_streamed_log=7. */
const LOG_TYPE_FIELDS = new Set([2, 3, 4, 5, 6, 7]);
/** The `request` field (1) of ClassifyLog, RegressLog, PredictLog and MultiInferenceLog. */
const LOG_REQUEST_FIELD = 1;

const invalid = (message: string) => new ServingError('INVALID_ARGUMENT', message);

/**
 * Replays the version's warm-up requests on `servable`; resolves with how many records ran ({records: 0} when
 * the file is absent or empty). Any failure rejects with a ServingError (TF Serving's text) and fails the load.
 * @example const { records } = await replayWarmup(servable, model.files);  // 3 for test/fixtures/models/assets_extra_model
 */
export async function replayWarmup(target: Servable | InferenceModel, files: ModelFiles, options: ModelWarmupOptions = {}): Promise<{ records: number }> {
  const model: InferenceModel = 'servable' in target ? target : { servable: target };
  const { maxRecords, iterations } = checkOptions(options);
  const bytes = files.get(WARMUP_REQUESTS_PATH);
  if (bytes === undefined) return { records: 0 };
  const reader = readTFRecords(bytes, WARMUP_REQUESTS_PATH);
  let records = 0;
  for (;;) {
    let next: IteratorResult<Uint8Array>;
    try {
      next = reader.next();
    } catch (e) {
      if (isServingError(e) && e.code === 'DATA_LOSS') {
        throw new ServingError('DATA_LOSS', `${e.message}. Please verify your warmup data is in TFRecord format.`, { cause: e });
      }
      throw e;
    }
    if (next.done) return { records };
    if (records >= maxRecords) throw invalid(`Number of warmup records exceeds the maximum (${maxRecords}) at ${WARMUP_REQUESTS_PATH}`);
    const log = parseRecord(next.value);
    const logType = logTypeCase(next.value);
    try {
      for (let i = 0; i < iterations; i++) await runRecord(model, next.value, log, logType);
    } catch (e) {
      if (!isServingError(e)) throw e;
      throw new ServingError(e.code, `${e.message} (warm-up record ${records} of ${WARMUP_REQUESTS_PATH})`, { cause: e });
    }
    records++;
  }
}

function checkOptions(options: ModelWarmupOptions): Required<ModelWarmupOptions> {
  checkOptionKeys(options, ['maxRecords', 'iterations'], 'replayWarmup', (key) => `unknown warm-up option '${key}': use maxRecords or iterations`);
  const { maxRecords = MAX_WARMUP_RECORDS, iterations = 1 } = options;
  if (!Number.isSafeInteger(maxRecords) || maxRecords < 0) throw invalid(`warm-up maxRecords must be an integer ≥ 0, got ${maxRecords}`);
  if (!Number.isSafeInteger(iterations) || iterations < 1) throw invalid(`warm-up iterations must be an integer ≥ 1, got ${iterations}`);
  return { maxRecords, iterations };
}

/** The one field read from the decoded record; the others are read from its bytes (requestBytes). */
interface PredictionLogMessage {
  predict_log?: { request?: PredictRequestMessage | null } | null;
}

function parseRecord(data: Uint8Array): PredictionLogMessage {
  try {
    return protoType('tensorflow.serving.PredictionLog').decode(data) as unknown as PredictionLogMessage;
  } catch (e) {
    throw new ServingError('INVALID_ARGUMENT', `Failed to parse warmup record: ${cEscape(data)} from ${WARMUP_REQUESTS_PATH}`, { cause: e });
  }
}

/** log_type_case(): the last log_type field on the wire wins, as for any protobuf oneof (0 when none is set). */
function logTypeCase(data: Uint8Array): number {
  const r = protobuf.Reader.create(data);
  let last = 0;
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (LOG_TYPE_FIELDS.has(tag >>> 3)) last = tag >>> 3;
    r.skipType(tag & 7);
  }
  return last;
}

/** absl::CEscape of the first 64 bytes: TF prints the whole record, which can be large and binary. */
function cEscape(data: Uint8Array): string {
  let s = '';
  for (const b of data.subarray(0, 64)) {
    if (b === 0x5c || b === 0x22 || b === 0x27) s += `\\${String.fromCharCode(b)}`;
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += `\\${b.toString(8).padStart(3, '0')}`;
  }
  return data.length > 64 ? `${s}...` : s;
}

/**
 * The wire bytes of the request in the record's `logType` field (the last occurrence of each wins, merged as
 * protobuf does), so tf.Examples reach the model as the exact bytes the file holds (SerializedInput).
 */
function requestBytes(record: Uint8Array, logType: number): Uint8Array {
  const logs = lengthDelimitedFields(record).get(logType) ?? [];
  const requests = logs.flatMap((log) => lengthDelimitedFields(log).get(LOG_REQUEST_FIELD) ?? []);
  return requests.length === 1 ? requests[0] : Buffer.concat(requests);
}

/** saved_model_warmup.cc RunWarmupRequest. */
async function runRecord(model: InferenceModel, record: Uint8Array, log: PredictionLogMessage, logType: number): Promise<void> {
  switch (logType) {
    case 2: return runExamples(model, 'classify', decodeExamplesRequest(requestBytes(record, logType)));
    case 3: return runExamples(model, 'regress', decodeExamplesRequest(requestBytes(record, logType)));
    case 4: return runMultiInference_(model, requestBytes(record, logType));
    case 6: return runPredict_(model, log.predict_log?.request ?? {});
    case 5: case 7: throw new ServingError('UNIMPLEMENTED', `Unsupported log_type for warmup: ${logType}`);
    default: return;
  }
}

/** predict_util.cc RunPredict (lib/inference). */
async function runPredict_(model: InferenceModel, req: PredictRequestMessage): Promise<void> {
  await runPredict(model, signatureKey(req.model_spec?.signature_name), { inputs: req.inputs ?? {}, outputFilter: req.output_filter ?? [] });
}

/** RunClassify / RunRegress (lib/inference), results checked and dropped. */
async function runExamples(model: InferenceModel, method: 'classify' | 'regress', req: ExamplesRequest): Promise<void> {
  const signature = findSignature(model, signatureKey(req.model_spec?.signature_name), 'examples');
  const examples = () => serializedExamples(req.input);
  if (method === 'classify') await runClassify(model.servable, signature, examples);
  else await runRegress(model.servable, signature, examples);
}

/** TensorFlowMultiInferenceRunner::Infer (lib/inference). */
async function runMultiInference_(model: InferenceModel, bytes: Uint8Array): Promise<void> {
  const req = decodeMultiInferenceRequest(bytes);
  const tasks = req.tasks.map((t) => ({ modelName: t.model_spec?.name ?? '', signatureName: t.model_spec?.signature_name ?? '', methodName: t.method_name ?? '' }));
  await runMultiInference(model, tasks, () => serializedExamples(req.input));
}
