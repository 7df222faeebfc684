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
// Request checks and their texts: predict_util.cc, tensorflow/cc/saved_model/util.cc (GetInputValues),
// classifier.cc / regressor.cc, multi_inference.cc, util.cc (InputToSerializedExampleTensor).
// Differences: the record limit is checked before the 1001st record runs (TF runs it, then fails);
// MultiInference runs each task's signature on its own (TF fetches all tasks' outputs in one Session::Run);
// signature defaults are not known to a Servable, so every signature input must be in a Predict request.
import { encodeClassifyResponse, encodeRegressResponse } from '../api/codec/example-codec.ts';
import { checkClassifySignature, checkRegressSignature } from '../inference/example-signatures.ts';
import { decodeTensorProto, type HostTensor, type Servable } from '../engine/index.ts';
import { isServingError, ServingError } from '../errors/index.ts';
import { protobuf, protoType } from '../proto/index.ts';
import { ASSETS_EXTRA_DIR, type ModelFiles, readTFRecords, type SignatureInfo, type TensorMessage } from '../savedmodel/index.ts';

/** WarmupConsts::kRequestsFileName, under the version's assets.extra/. */
export const WARMUP_REQUESTS_PATH = `${ASSETS_EXTRA_DIR}/tf_serving_warmup_requests`;
/** WarmupConsts::kMaxNumRecords. */
export const MAX_WARMUP_RECORDS = 1000;

export interface WarmupOptions {
  /** Records the file may hold; more fail the load. Count, default 1000 (TF Serving's kMaxNumRecords). */
  maxRecords?: number;
  /** Runs of each record (ModelWarmupOptions.num_request_iterations). Count ≥ 1, default 1. */
  iterations?: number;
}

const DEFAULT_SIGNATURE = 'serving_default';
const CLASSIFY_METHOD = 'tensorflow/serving/classify';
const REGRESS_METHOD = 'tensorflow/serving/regress';
/** PredictionLog oneof log_type: classify_log=2, regress_log=3, multi_inference_log=4, session_run_log=5, predict_log=6, predict_streamed_log=7. */
const LOG_TYPE_FIELDS = new Set([2, 3, 4, 5, 6, 7]);

interface ModelSpecMessage { name?: string; signature_name?: string }
interface InputMessage {
  kind?: 'example_list' | 'example_list_with_context';
  example_list?: { examples?: object[] } | null;
  example_list_with_context?: { examples?: object[]; context?: object | null } | null;
}
interface PredictRequestMessage { model_spec?: ModelSpecMessage | null; inputs?: Record<string, TensorMessage>; output_filter?: string[] }
interface ExamplesRequestMessage { model_spec?: ModelSpecMessage | null; input?: InputMessage | null }
interface MultiInferenceRequestMessage { tasks?: { model_spec?: ModelSpecMessage | null; method_name?: string }[]; input?: InputMessage | null }
interface PredictionLogMessage {
  classify_log?: { request?: ExamplesRequestMessage | null } | null;
  regress_log?: { request?: ExamplesRequestMessage | null } | null;
  predict_log?: { request?: PredictRequestMessage | null } | null;
  multi_inference_log?: { request?: MultiInferenceRequestMessage | null } | null;
}

const invalid = (message: string) => new ServingError('INVALID_ARGUMENT', message);

/**
 * Replays the version's warm-up requests on `servable`; resolves with how many records ran ({records: 0} when
 * the file is absent or empty). Any failure rejects with a ServingError (TF Serving's text) and fails the load.
 * @example const { records } = await replayWarmup(servable, model.files);  // 3 for test/fixtures/models/assets_extra_model
 */
export async function replayWarmup(servable: Servable, files: ModelFiles, options: WarmupOptions = {}): Promise<{ records: number }> {
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
      for (let i = 0; i < iterations; i++) await runRecord(servable, log, logType);
    } catch (e) {
      if (!isServingError(e)) throw e;
      throw new ServingError(e.code, `${e.message} (warm-up record ${records} of ${WARMUP_REQUESTS_PATH})`, { cause: e });
    }
    records++;
  }
}

function checkOptions(options: WarmupOptions): Required<WarmupOptions> {
  for (const key of Object.keys(options)) {
    if (key !== 'maxRecords' && key !== 'iterations') throw invalid(`unknown warm-up option '${key}': use maxRecords or iterations`);
  }
  const { maxRecords = MAX_WARMUP_RECORDS, iterations = 1 } = options;
  if (!Number.isSafeInteger(maxRecords) || maxRecords < 0) throw invalid(`warm-up maxRecords must be an integer ≥ 0, got ${maxRecords}`);
  if (!Number.isSafeInteger(iterations) || iterations < 1) throw invalid(`warm-up iterations must be an integer ≥ 1, got ${iterations}`);
  return { maxRecords, iterations };
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

/** saved_model_warmup.cc RunWarmupRequest. */
async function runRecord(servable: Servable, log: PredictionLogMessage, logType: number): Promise<void> {
  switch (logType) {
    case 2: return runExamples(servable, 'classify', log.classify_log?.request ?? {});
    case 3: return runExamples(servable, 'regress', log.regress_log?.request ?? {});
    case 4: return runMultiInference(servable, log.multi_inference_log?.request ?? {});
    case 6: return runPredict(servable, log.predict_log?.request ?? {});
    case 5: case 7: throw new ServingError('UNIMPLEMENTED', `Unsupported log_type for warmup: ${logType}`);
    default: return;
  }
}

function signatureName(spec: ModelSpecMessage | null | undefined): string {
  return spec?.signature_name || DEFAULT_SIGNATURE;
}

function findSignature(servable: Servable, key: string): SignatureInfo | undefined {
  return servable.signatures().find((s) => s.key === key);
}

const keys = (o: object) => Object.keys(o).sort();

/** predict_util.cc RunPredict + PreProcessPrediction (VerifyRequestInputsSize, GetInputValues, output_filter). */
async function runPredict(servable: Servable, req: PredictRequestMessage): Promise<void> {
  const key = signatureName(req.model_spec);
  const sig = findSignature(servable, key);
  if (!sig) throw new ServingError('FAILED_PRECONDITION', `Serving signature key "${key}" not found.`);
  const sent = req.inputs ?? {};
  const want = keys(sig.inputs);
  if (keys(sent).length !== want.length) {
    const extra = keys(sent).filter((k) => !(k in sig.inputs));
    const missing = want.filter((k) => !(k in sent));
    throw invalid(
      `input size does not match signature: ${keys(sent).length}!=${want.length} len({${keys(sent).join(',')}}) != len({${want.join(',')}}). ` +
        `Sent extra: {${extra.join(',')}}. Missing but required: {${missing.join(',')}}.`,
    );
  }
  const inputs = new Map<string, HostTensor>();
  for (const alias of want) {
    const proto = sent[alias];
    if (!proto) {
      throw invalid(
        `Signature input alias: ${alias}(feed name: ${sig.inputs[alias].name}) not found in request and no default value provided. ` +
          `Inputs expected to be in the request {${keys(sent).join(',')}}, or default input alias set: `,
      );
    }
    try {
      inputs.set(alias, decodeTensorProto(proto, `input '${alias}'`));
    } catch (e) {
      if (!isServingError(e)) throw e;
      throw new ServingError('INVALID_ARGUMENT', `tensor parsing error: ${alias}`, { cause: e });
    }
  }
  const filter = req.output_filter ?? [];
  const seen = new Set<string>();
  for (const alias of filter) {
    if (!(alias in sig.outputs)) {
      throw invalid(`output tensor alias not found in signature: ${alias} Outputs expected to be in the set {${keys(sig.outputs).join(',')}}.`);
    }
    if (seen.has(alias)) throw invalid(`duplicate output tensor alias: ${alias}`);
    seen.add(alias);
  }
  await servable.run(key, inputs, filter.length > 0 ? filter : undefined);
}

type ExamplesMethod = 'classify' | 'regress';

/** classifier.cc / regressor.cc PreProcess*: the examples alias and the outputs TF fetches. */
function examplesPlan(sig: SignatureInfo, method: ExamplesMethod): { alias: string; fetch: string[] } {
  if (method === 'classify') return { alias: checkClassifySignature(sig), fetch: ['classes', 'scores'].filter((a) => a in sig.outputs) };
  return { alias: checkRegressSignature(sig), fetch: ['outputs'] };
}

/** PostProcessClassificationResult / PostProcessRegressionResult: the same checks as the REST encoders. */
function checkResult(method: ExamplesMethod, outputs: Map<string, HostTensor>, sig: SignatureInfo, n: number): void {
  if (method === 'classify') encodeClassifyResponse(outputs, sig, n);
  else encodeRegressResponse(outputs, sig, n);
}

/** RunClassify / RunRegress (GetClassificationSignatureDef, GetRegressionSignatureDef). */
async function runExamples(servable: Servable, method: ExamplesMethod, req: ExamplesRequestMessage): Promise<void> {
  const key = signatureName(req.model_spec);
  const sig = findSignature(servable, key);
  if (!sig) throw invalid(`No signature was found with the name: ${key}`);
  const { alias, fetch } = examplesPlan(sig, method);
  const examples = serializedExamples(req.input);
  const outputs = await servable.run(key, new Map([[alias, examples]]), fetch);
  checkResult(method, outputs, sig, examples.shape[0]);
}

/** multi_inference.cc TensorFlowMultiInferenceRunner::Infer. */
async function runMultiInference(servable: Servable, req: MultiInferenceRequestMessage): Promise<void> {
  let modelName = '';
  const seen = new Set<string>();
  const plan: { key: string; sig: SignatureInfo; method: ExamplesMethod; alias: string; fetch: string[] }[] = [];
  for (const task of req.tasks ?? []) {
    const name = task.model_spec?.name ?? '';
    if (!name) throw invalid('Found ModelSpec with an empty model name.');
    if (!modelName) modelName = name;
    else if (modelName !== name) throw invalid('All ModelSpecs in a MultiInferenceRequest must access the same model name.');
    const key = signatureName(task.model_spec);
    if (seen.has(key)) throw invalid(`Duplicate evaluation of signature: ${key}`);
    seen.add(key);
    const sig = findSignature(servable, key);
    if (!sig) throw invalid(`Requested signature not found in model graph: ${key}`);
    const method = task.method_name === CLASSIFY_METHOD ? 'classify' : task.method_name === REGRESS_METHOD ? 'regress' : undefined;
    if (!method) throw new ServingError('UNIMPLEMENTED', `Unsupported signature method_name: ${task.method_name ?? ''}`);
    plan.push({ key, sig, method, ...examplesPlan(sig, method) });
  }
  const examples = serializedExamples(req.input);
  for (const p of plan) {
    const outputs = await servable.run(p.key, new Map([[p.alias, examples]]), p.fetch);
    checkResult(p.method, outputs, p.sig, examples.shape[0]);
  }
}

/**
 * util.cc InputToSerializedExampleTensor: one serialized tf.Example per example; with example_list_with_context
 * each is the context's bytes followed by the example's (protobuf merges concatenated messages, so an example's
 * feature replaces a context feature of the same name). No examples: "Input is empty.".
 */
function serializedExamples(input: InputMessage | null | undefined): HostTensor<'DT_STRING'> {
  const Example = protoType('tensorflow.Example');
  const encode = (e: object) => Example.encode(e).finish();
  let data: Uint8Array[] = [];
  if (input?.kind === 'example_list') {
    data = (input.example_list?.examples ?? []).map(encode);
  } else if (input?.kind === 'example_list_with_context') {
    const withContext = input.example_list_with_context;
    const context = withContext?.context ? encode(withContext.context) : new Uint8Array(0);
    data = (withContext?.examples ?? []).map((e) => {
      const own = encode(e);
      const joined = new Uint8Array(context.length + own.length);
      joined.set(context);
      joined.set(own, context.length);
      return joined;
    });
  }
  if (data.length === 0) throw invalid('Input is empty.');
  return { dtype: 'DT_STRING', shape: [data.length], data };
}
