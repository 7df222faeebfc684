// TF Serving's BatchingParameters (--batching_parameters_file, text format) resolved to plain options with
// TF Serving's defaults and its validation texts. Reading the file is the caller's job (the CLI).
import { availableParallelism } from 'node:os';
import { ServingError } from '../../errors/index.ts';
import { parseTextProto, protoType } from '../../proto/index.ts';

/** Resolved batching options; each field is TF Serving's BatchingParameters field of the same meaning. */
export interface BatchingOptions {
  /** max_batch_size: rows one batch may hold (a request's dim 0 counts its rows); default 1000. */
  maxBatchSize: number;
  /** batch_timeout_micros: how long the first request of a batch waits for more, in µs; default 0. */
  batchTimeoutMicros: number;
  /** max_enqueued_batches: batches (the open one included) a queue holds before UNAVAILABLE; default 10. */
  maxEnqueuedBatches: number;
  /** num_batch_threads: batches run at once, all models together; default the number of cores. */
  numBatchThreads: number;
  /** thread_pool_name: a label only; default "model_server_batch_threads" (what --enable_batching alone sets). */
  threadPoolName: string;
  /** allowed_batch_sizes: a batch is padded up to the next entry; empty = any size. */
  allowedBatchSizes: number[];
  /** pad_variable_length_inputs: pad every non-batch dim to the batch's largest with the tensor's first element. */
  padVariableLengthInputs: boolean;
}

interface BatchingParametersMessage {
  max_batch_size?: { value?: number };
  batch_timeout_micros?: { value?: number };
  max_enqueued_batches?: { value?: number };
  num_batch_threads?: { value?: number };
  thread_pool_name?: { value?: string };
  enable_large_batch_splitting?: { value?: boolean };
  max_execution_batch_size?: { value?: number };
  allowed_batch_sizes?: number[];
  pad_variable_length_inputs?: boolean;
}

/** SharedBatchScheduler's QueueOptions / Options defaults (tensorflow/core/kernels/batching_util/shared_batch_scheduler.h). */
export function defaultBatchingOptions(): BatchingOptions {
  return {
    maxBatchSize: 1000,
    batchTimeoutMicros: 0,
    maxEnqueuedBatches: 10,
    numBatchThreads: availableParallelism(),
    threadPoolName: 'model_server_batch_threads',
    allowedBatchSizes: [],
    padVariableLengthInputs: false,
  };
}

const invalid = (message: string) => new ServingError('INVALID_ARGUMENT', message);

/**
 * A text-format BatchingParameters, with TF Serving's defaults for what it leaves unset and its checks:
 * SharedBatchScheduler::Create / AddQueue and WrapSessionForBatching (bundle_factory_util.cc). A parse error reads
 * like TF Serving's log + status: "Error parsing text-format tensorflow.serving.BatchingParameters: 1:1: …" then
 * "Invalid protobuf file: '<file>'".
 * @example parseBatchingParameters('max_batch_size { value: 32 } batch_timeout_micros { value: 2000 }', 'batching.txt')
 */
export function parseBatchingParameters(text: string, fileName = '<batching_parameters>'): BatchingOptions {
  const type = protoType('tensorflow.serving.BatchingParameters');
  let message: BatchingParametersMessage;
  try {
    message = type.toObject(parseTextProto(type, text, { fileName }), { longs: Number }) as BatchingParametersMessage;
  } catch (e) {
    if (!(e instanceof ServingError)) throw e;
    const detail = e.message.replace(/ \(line \d+, column \d+\)$/, '');
    throw invalid(`Error parsing text-format tensorflow.serving.BatchingParameters: ${detail}\nInvalid protobuf file: '${fileName}'`);
  }
  return resolveBatchingParameters(message);
}

/** A set wrapper's value (proto3 leaves a zero value out of the object: `{ value: 0 }` reads as `{}`). */
function wrapped<T>(field: { value?: T } | undefined, zero: T): T | undefined {
  return field === undefined || field === null ? undefined : (field.value ?? zero);
}

function resolveBatchingParameters(m: BatchingParametersMessage): BatchingOptions {
  const d = defaultBatchingOptions();
  if (wrapped(m.enable_large_batch_splitting, false)) {
    throw new ServingError('UNIMPLEMENTED', 'enable_large_batch_splitting is not supported: a request larger than max_batch_size is refused (INVALID_ARGUMENT), as TF Serving does without it');
  }
  const options: BatchingOptions = {
    maxBatchSize: wrapped(m.max_batch_size, 0) ?? d.maxBatchSize,
    batchTimeoutMicros: wrapped(m.batch_timeout_micros, 0) ?? d.batchTimeoutMicros,
    // AddQueue rewrites 0 to 1 ("many existing models … rely on this option to be >0").
    maxEnqueuedBatches: wrapped(m.max_enqueued_batches, 0) === 0 ? 1 : (wrapped(m.max_enqueued_batches, 0) ?? d.maxEnqueuedBatches),
    numBatchThreads: wrapped(m.num_batch_threads, 0) ?? d.numBatchThreads,
    // SharedBatchScheduler::Options' default name when a file is given (--enable_batching alone sets another).
    threadPoolName: wrapped(m.thread_pool_name, '') ?? 'batch_threads',
    allowedBatchSizes: m.allowed_batch_sizes ?? [],
    padVariableLengthInputs: m.pad_variable_length_inputs ?? false,
  };
  return checkBatchingOptions(options);
}

/** The checks TF Serving makes when it creates the scheduler and its queues, with its words. */
export function checkBatchingOptions(o: BatchingOptions): BatchingOptions {
  if (o.numBatchThreads < 1) throw invalid(`num_batch_threads must be positive; was ${o.numBatchThreads}`);
  // input_batch_size_limit and max_enqueued_batches are size_t in TF: a negative value is no valid size either.
  if (o.maxBatchSize < 1) throw invalid(`input_batch_size_limit must be positive; was ${o.maxBatchSize}`);
  if (o.batchTimeoutMicros < 0) throw invalid(`batch_timeout_micros must be non-negative; was ${o.batchTimeoutMicros}`);
  if (o.maxEnqueuedBatches < 1) throw invalid(`max_enqueued_batches must be positive; was ${o.maxEnqueuedBatches}`);
  const sizes = o.allowedBatchSizes;
  if (sizes.length > 0) {
    // TF Serving checks the order only with large-batch splitting (a TODO in CreateBasicBatchingSession);
    // an unordered list would make RoundToLowestAllowedBatchSize pick a wrong size, so it is refused here always.
    if (sizes.some((s, i) => s < 1 || (i > 0 && s <= sizes[i - 1]))) throw invalid('allowed_batch_sizes entries must be monotonically increasing');
    const last = sizes[sizes.length - 1];
    if (last !== o.maxBatchSize) throw invalid(`Last entry in allowed_batch_sizes must match max_batch_size; last entry was ${last}; expected ${o.maxBatchSize}`);
  }
  return o;
}

/** batching_util.cc RoundToLowestAllowedBatchSize: the smallest allowed size ≥ `size` (any size when none are set). */
export function roundToAllowedBatchSize(allowed: readonly number[], size: number): number {
  for (const s of allowed) if (s >= size) return s;
  return size;
}
