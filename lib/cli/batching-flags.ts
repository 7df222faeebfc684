// --enable_batching and --batching_parameters_file as tensorflow_model_server reads them (model_servers/server.cc):
// batching off unless enabled; a parameters file without --enable_batching is refused with TF Serving's words.
import { readFile } from 'node:fs/promises';
import { ServingError } from '../errors/index.ts';
import { Batcher, parseBatchingParameters } from '../inference/index.ts';

/** The server's batcher, or undefined when batching is off. */
export async function batcherFromFlags(enable: boolean, parametersFile: string | undefined): Promise<Batcher | undefined> {
  if (!enable) {
    if (parametersFile) {
      throw new ServingError('INVALID_ARGUMENT', 'server_options.batching_parameters_file is set without setting server_options.enable_batching to true.');
    }
    return undefined;
  }
  if (!parametersFile) return new Batcher();
  let text: string;
  try {
    text = await readFile(parametersFile, 'utf8');
  } catch (e) {
    // TF's Env::NewReadOnlyMemoryRegionFromFile: NOT_FOUND "<file>; No such file or directory".
    throw new ServingError('NOT_FOUND', `${parametersFile}; ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (e as Error).message}`, { cause: e });
  }
  return new Batcher(parseBatchingParameters(text, parametersFile));
}

/** One log line with the parameters in effect. */
export function describeBatcher(batcher: Batcher): string {
  const o = batcher.options;
  const allowed = o.allowedBatchSizes.length ? ` allowed_batch_sizes=[${o.allowedBatchSizes.join(',')}]` : '';
  return `Batching enabled: max_batch_size=${o.maxBatchSize} batch_timeout_micros=${o.batchTimeoutMicros} max_enqueued_batches=${o.maxEnqueuedBatches} ` +
    `num_batch_threads=${o.numBatchThreads}${allowed} pad_variable_length_inputs=${o.padVariableLengthInputs}`;
}
