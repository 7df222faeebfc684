// TF Serving's own metrics, with its names, labels and buckets, in this process's registry (TF registers them
// the same way, at namespace scope): request counts and latencies from servables/tensorflow/util.cc, model
// load attempts/latency from TensorFlow's cc/saved_model/loader.cc, warm-up from saved_model_warmup_util.cc.
// IMPORTANT: the recording functions run on every request: they only bump a counter and a histogram bucket.
import { exponentialBuckets, MetricRegistry, type MetricSnapshot } from './metric-registry.ts';

/** The process's registry (CollectionRegistry::Default()). */
export const SERVING_METRICS = new MetricRegistry();

/** "Scale of 10, power of 1.8 with bucket count 33 (~20 minutes)": every TF Serving latency histogram, in µs. */
const LATENCY_BUCKETS = exponentialBuckets(10, 1.8, 33);

const requestCount = SERVING_METRICS.counter('/tensorflow/serving/request_count', 'model_name', 'status');
const requestLatency = SERVING_METRICS.sampler('/tensorflow/serving/request_latency', LATENCY_BUCKETS, 'model_name', 'API', 'entrypoint');
// "15 buckets with the last bucket being 2^14 to DBL_MAX": Exponential(1, 2, 15).
const exampleCounts = SERVING_METRICS.sampler('/tensorflow/serving/request_example_counts', exponentialBuckets(1, 2, 15), 'model');
const exampleCountTotal = SERVING_METRICS.counter('/tensorflow/serving/request_example_count_total', 'model');
const loadAttemptCount = SERVING_METRICS.counter('/tensorflow/cc/saved_model/load_attempt_count', 'model_path', 'status');
const loadLatency = SERVING_METRICS.counter('/tensorflow/cc/saved_model/load_latency', 'model_path');
const warmupLatency = SERVING_METRICS.sampler('/tensorflow/serving/model_warmup_latency', LATENCY_BUCKETS, 'model_path', 'status');
const warmupRecordsRead = SERVING_METRICS.counter('/tensorflow/serving/model_warmup_records_read', 'model_path', 'status');

/** Where a request came in: TF Serving's `entrypoint` label. */
export type Entrypoint = 'REST' | 'GRPC';

/**
 * One answered request, as TF Serving's REST dispatcher (http_server.cc) and PredictionServiceImpl record it:
 * request_count{model_name, status} always; request_latency{model_name, API, entrypoint} in µs only when OK.
 * `status` is the canonical code name ('OK', 'NOT_FOUND', …); `api` is REST's route method ('predict',
 * 'classify', 'regress'; '' for GET status/metadata) or gRPC's method name ('Predict', 'Classify', 'Regress').
 */
export function recordRequest(modelName: string, api: string, entrypoint: Entrypoint, status: string, micros: number): void {
  requestCount.increment([modelName, status]);
  if (status === 'OK') requestLatency.add([modelName, api, entrypoint], micros);
}

/** tf.Examples in one MultiInference request (multi_inference.cc's RecordRequestExampleCount). */
export function recordRequestExampleCount(modelName: string, count: number): void {
  exampleCounts.add([modelName], count);
  exampleCountTotal.increment([modelName], count);
}

/** One SavedModel load (LoadSavedModel: status 'success' | 'fail', latency µs added either way). */
export function recordLoadAttempt(modelPath: string, ok: boolean, micros: number): void {
  loadAttemptCount.increment([modelPath, ok ? 'success' : 'fail']);
  loadLatency.increment([modelPath], Math.round(micros));
}

/** One warm-up replay: `status` is absl::Status::ToString ('OK' or 'CODE: message'), records read before it ended. */
export function recordWarmup(modelPath: string, status: string, micros: number, records: number): void {
  warmupLatency.add([modelPath, status], micros);
  warmupRecordsRead.increment([modelPath, status], records);
}

/** This process's metrics, for the Prometheus page or for the primary to sum. */
export function servingMetricsSnapshot(): MetricSnapshot[] {
  return SERVING_METRICS.snapshot();
}
