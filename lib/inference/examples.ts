// tf.Example input handling: the serialized Examples a Classify/Regress/MultiInference input feeds, as
// servables/tensorflow/util.cc InputToSerializedExampleTensor builds them. Shared by gRPC, REST and warm-up.
import { ServingError } from '../errors/index.ts';
import type { HostTensor } from '../tensor/index.ts';
import type { SerializedInputMessage } from './request-messages.ts';

/**
 * An example with its context: the context's bytes, then the example's own. Protobuf merges concatenated
 * messages, so a feature of the example replaces a context feature of the same name (ExampleListWithContext).
 */
export function withContext(context: Uint8Array | undefined, example: Uint8Array): Uint8Array {
  if (!context || context.length === 0) return example;
  const joined = new Uint8Array(context.length + example.length);
  joined.set(context);
  joined.set(example, context.length);
  return joined;
}

/** The DT_STRING tensor, shape [n], that feeds `examples` to a signature's "inputs". */
export function examplesTensor(examples: Uint8Array[]): HostTensor<'DT_STRING'> {
  return { dtype: 'DT_STRING', shape: [examples.length], data: examples };
}

/**
 * The serialized tf.Examples an Input feeds, one per example, each with the context (if any) in front.
 * INVALID_ARGUMENT "Input is empty." when there is no example, as TF Serving.
 * @example serializedExamples({ kind: 'example_list', example_list: { examples: [bytes] } }).shape  // [1]
 */
export function serializedExamples(input: SerializedInputMessage | null | undefined): HostTensor<'DT_STRING'> {
  let examples: Uint8Array[] = [];
  if (input?.kind === 'example_list') {
    examples = input.example_list?.examples ?? [];
  } else if (input?.kind === 'example_list_with_context') {
    const list = input.example_list_with_context!;
    examples = (list.examples ?? []).map((e) => withContext(list.context, e));
  }
  if (examples.length === 0) throw new ServingError('INVALID_ARGUMENT', 'Input is empty.');
  return examplesTensor(examples);
}
