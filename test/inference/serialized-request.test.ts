// Classify/Regress/MultiInference requests keep every tf.Example as the bytes the client sent.
import { describe, expect, it } from 'vitest';
import { ServingError } from '../../lib/errors/index.ts';
import { decodeExamplesRequest, decodeMultiInferenceRequest, serializedExamples } from '../../lib/inference/index.ts';
import { protoType } from '../../lib/proto/index.ts';

const EXAMPLE = protoType('tensorflow.Example');
const exampleBytes = (x: number) => EXAMPLE.encode(EXAMPLE.fromObject({ features: { feature: { x: { float_list: { value: [x] } } } } })).finish();
const encode = (type: string, obj: object) => {
  const t = protoType(`tensorflow.serving.${type}`);
  return t.encode(t.fromObject(obj)).finish();
};
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('decodeExamplesRequest', () => {
  it('reads model_spec and keeps each example as its wire bytes', () => {
    const bytes = encode('ClassificationRequest', {
      model_spec: { name: 'm', signature_name: 's' },
      input: { example_list: { examples: [EXAMPLE.decode(exampleBytes(1)), EXAMPLE.decode(exampleBytes(2))] } },
    });
    const req = decodeExamplesRequest(bytes);
    expect(req.model_spec).toMatchObject({ name: 'm', signature_name: 's' });
    expect(serializedExamples(req.input).data.map(hex)).toEqual([hex(exampleBytes(1)), hex(exampleBytes(2))]);
  });

  it('puts the context bytes before each example', () => {
    const context = exampleBytes(9);
    const bytes = encode('RegressionRequest', {
      model_spec: { name: 'm' },
      input: { example_list_with_context: { context: EXAMPLE.decode(context), examples: [EXAMPLE.decode(exampleBytes(1))] } },
    });
    expect(serializedExamples(decodeExamplesRequest(bytes).input).data.map(hex)).toEqual([hex(context) + hex(exampleBytes(1))]);
  });

  it('merges a model_spec sent in two pieces, as protobuf does', () => {
    const bytes = Buffer.concat([encode('RegressionRequest', { model_spec: { name: 'm' } }), encode('RegressionRequest', { model_spec: { signature_name: 's' } })]);
    expect(decodeExamplesRequest(bytes).model_spec).toMatchObject({ name: 'm', signature_name: 's' });
  });

  it('has no model_spec when none was sent, and no examples without an input', () => {
    const req = decodeExamplesRequest(new Uint8Array(0));
    expect(req.model_spec).toBeNull();
    expect(() => serializedExamples(req.input)).toThrow(new ServingError('INVALID_ARGUMENT', 'Input is empty.'));
  });
});

describe('decodeMultiInferenceRequest', () => {
  it('reads every task in order and the shared input', () => {
    const bytes = encode('MultiInferenceRequest', {
      tasks: [{ model_spec: { name: 'm', signature_name: 'a' }, method_name: 'tensorflow/serving/classify' }, { model_spec: { name: 'm' }, method_name: 'x' }],
      input: { example_list: { examples: [EXAMPLE.decode(exampleBytes(3))] } },
    });
    const req = decodeMultiInferenceRequest(bytes);
    expect(req.tasks.map((t) => [t.model_spec?.signature_name, t.method_name])).toEqual([['a', 'tensorflow/serving/classify'], ['', 'x']]);
    expect(serializedExamples(req.input).data.map(hex)).toEqual([hex(exampleBytes(3))]);
  });
});
