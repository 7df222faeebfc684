// --batching_parameters_file: TF Serving's text format, defaults and checks, with its words.
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { Batcher, defaultBatchingOptions, parseBatchingParameters } from '../../../lib/inference/index.ts';

describe('parseBatchingParameters', () => {
  it('takes SharedBatchScheduler\'s defaults for what the file leaves out', () => {
    expect(parseBatchingParameters('')).toEqual({
      maxBatchSize: 1000, batchTimeoutMicros: 0, maxEnqueuedBatches: 10, numBatchThreads: availableParallelism(),
      threadPoolName: 'batch_threads', allowedBatchSizes: [], padVariableLengthInputs: false,
    });
    expect(defaultBatchingOptions().threadPoolName).toBe('model_server_batch_threads');
  });

  it('reads the wrapper fields and the repeated sizes as TF Serving\'s examples write them', () => {
    const text = [
      'max_batch_size { value: 32 }', 'batch_timeout_micros { value: 2000 }', 'max_enqueued_batches { value: 100 }',
      'num_batch_threads { value: 4 }', 'thread_pool_name { value: "pool" }', 'allowed_batch_sizes: 8', 'allowed_batch_sizes: [16, 32]',
      'pad_variable_length_inputs: true',
    ].join('\n');
    expect(parseBatchingParameters(text, 'batching.txt')).toEqual({
      maxBatchSize: 32, batchTimeoutMicros: 2000, maxEnqueuedBatches: 100, numBatchThreads: 4, threadPoolName: 'pool',
      allowedBatchSizes: [8, 16, 32], padVariableLengthInputs: true,
    });
  });

  it('rewrites max_enqueued_batches 0 to 1, as AddQueue does for old models', () => {
    expect(parseBatchingParameters('max_enqueued_batches { value: 0 }').maxEnqueuedBatches).toBe(1);
  });

  it.each([
    ['a field that does not exist', 'max_batch_sizes { value: 5 }',
      'Error parsing text-format tensorflow.serving.BatchingParameters: b.txt:1:1: Message type "tensorflow.serving.BatchingParameters" has no field named "max_batch_sizes"\nInvalid protobuf file: \'b.txt\''],
    ['a wrapper written as a scalar', 'max_batch_size: 5',
      'Error parsing text-format tensorflow.serving.BatchingParameters: b.txt:1:17: Expected "{" or "<" but found "5"\nInvalid protobuf file: \'b.txt\''],
    ['allowed sizes not ending at max_batch_size', 'max_batch_size { value: 32 } allowed_batch_sizes: [8, 16]',
      'Last entry in allowed_batch_sizes must match max_batch_size; last entry was 16; expected 32'],
    ['allowed sizes with the default max_batch_size', 'allowed_batch_sizes: [8, 16]',
      'Last entry in allowed_batch_sizes must match max_batch_size; last entry was 16; expected 1000'],
    ['allowed sizes out of order', 'max_batch_size { value: 32 } allowed_batch_sizes: [16, 8, 32]', 'allowed_batch_sizes entries must be monotonically increasing'],
    ['no batch threads', 'num_batch_threads { value: 0 }', 'num_batch_threads must be positive; was 0'],
    ['a zero max_batch_size', 'max_batch_size { value: 0 }', 'input_batch_size_limit must be positive; was 0'],
    ['a negative timeout', 'batch_timeout_micros { value: -1 }', 'batch_timeout_micros must be non-negative; was -1'],
  ])('refuses %s', (_scenario, text, message) => {
    expect(() => parseBatchingParameters(text, 'b.txt')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message }));
  });

  it('refuses enable_large_batch_splitting, which is not implemented, saying what happens instead', () => {
    expect(() => parseBatchingParameters('enable_large_batch_splitting { value: true }')).toThrow(expect.objectContaining({ code: 'UNIMPLEMENTED' }));
    expect(parseBatchingParameters('enable_large_batch_splitting { value: false }').maxBatchSize).toBe(1000);
  });
});

describe('Batcher options', () => {
  it('refuses an unknown option key and an out-of-range value when constructed', () => {
    expect(() => new Batcher({ maxBatchSise: 3 } as object)).toThrow('Batcher: unknown option maxBatchSise');
    expect(() => new Batcher({ maxEnqueuedBatches: 0 })).toThrow('max_enqueued_batches must be positive; was 0');
  });
});
