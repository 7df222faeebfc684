// Classify, Regress and MultiInference over real gRPC: tf.Examples in, ClassificationResult/RegressionResult out.
import { status } from '@grpc/grpc-js';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUNDLED_MODELS } from '../helpers/fixtures.ts';
import { type Message, useGrpcServer } from './grpc-harness.ts';

const grpc = useGrpcServer({ models: { half_plus_two: join(BUNDLED_MODELS, 'half_plus_two'), digits: join(BUNDLED_MODELS, 'digits') } });

afterEach(() => {
  expect(grpc.provider.outstanding).toBe(0);
  expect(grpc.internalErrors).toEqual([]);
});

/** A tf.Example with float features, as protobufjs fromObject takes it. */
const example = (features: Record<string, number[]>) => ({
  features: { feature: Object.fromEntries(Object.entries(features).map(([k, v]) => [k, { float_list: { value: v } }])) },
});
const exampleList = (...xs: number[]) => ({ example_list: { examples: xs.map((x) => example({ x: [x] })) } });
const spec = (signature_name: string) => ({ name: 'half_plus_two', signature_name });
const scoresOf = (result: Message) => result.classifications.map((c: Message) => c.classes.map((k: Message) => [k.label, k.score]));
const valuesOf = (result: Message) => result.regressions.map((r: Message) => r.value);

describe('Classify', () => {
  it('classifies with classify_x_to_y: one unlabeled class per example scored 0.5x+2', async () => {
    const res = await grpc.call('Classify', { model_spec: spec('classify_x_to_y'), input: exampleList(1, 2, -3.5) });
    expect(scoresOf(res.result)).toEqual([[['', 2.5]], [['', 3]], [['', 0.25]]]);
    expect(res.model_spec.signature_name).toBe('classify_x_to_y');
    expect(res.model_spec.version.value.toString()).toBe('1');
  });

  it('labels classes from the "classes" output (digits)', async () => {
    const pixels = new Array(64).fill(0).map((_, i) => (i % 5) / 4);
    const res = await grpc.call('Classify', { model_spec: { name: 'digits', signature_name: 'classify' }, input: { example_list: { examples: [example({ pixels })] } } });
    const [row] = scoresOf(res.result);
    expect(row.map((c: [string, number]) => c[0])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(row.reduce((a: number, c: [string, number]) => a + c[1], 0)).toBeCloseTo(1, 5);
  });

  it.each([
    ['a missing signature', { model_spec: spec('nope'), input: exampleList(1) }, status.INVALID_ARGUMENT, 'No signature was found with the name: nope'],
    ['no examples', { model_spec: spec('classify_x_to_y'), input: { example_list: { examples: [] } } }, status.INVALID_ARGUMENT, 'Input is empty.'],
    ['no input at all', { model_spec: spec('classify_x_to_y') }, status.INVALID_ARGUMENT, 'Input is empty.'],
    ['no model_spec', { input: exampleList(1) }, status.INVALID_ARGUMENT, 'Missing ModelSpec'],
    ['an unknown model', { model_spec: { name: 'foo' }, input: exampleList(1) }, status.NOT_FOUND, 'Servable not found for request: Latest(foo)'],
  ])('rejects %s', async (_scenario, request, code, message) => {
    const e = await grpc.errorOf('Classify', request);
    expect([e.code, e.details]).toEqual([code, message]);
  });

  it('rejects a predict signature that has no "inputs" alias, quoting the SignatureDef', async () => {
    const e = await grpc.errorOf('Classify', { model_spec: spec('serving_default'), input: exampleList(1) });
    expect(e.code).toBe(status.INVALID_ARGUMENT);
    expect(e.details).toMatch(/^No classification inputs found in SignatureDef: inputs \{\n {2}key: "x"/);
  });
});

describe('Regress', () => {
  it('regresses with regress_x_to_y', async () => {
    const res = await grpc.call('Regress', { model_spec: spec('regress_x_to_y'), input: exampleList(3, 0.25) });
    expect(valuesOf(res.result)).toEqual([3.5, 2.125]);
    expect(res.model_spec.signature_name).toBe('regress_x_to_y');
  });

  it("merges the context into every example; an example's own feature wins", async () => {
    const input = { example_list_with_context: { context: example({ x: [9] }), examples: [example({}), example({ x: [1] })] } };
    const res = await grpc.call('Regress', { model_spec: spec('regress_x_to_y'), input });
    expect(valuesOf(res.result)).toEqual([6.5, 2.5]);
  });

  it('refuses a classify signature (one output, but not "outputs")', async () => {
    const e = await grpc.errorOf('Regress', { model_spec: spec('classify_x_to_y'), input: exampleList(1) });
    expect(e.code).toBe(status.INVALID_ARGUMENT);
    expect(e.details).toMatch(/^No regression outputs found in SignatureDef: /);
  });
});

describe('MultiInference', () => {
  const task = (signature: string, method: string) => ({ model_spec: spec(signature), method_name: `tensorflow/serving/${method}` });

  it('runs a classify and a regress task over the same examples', async () => {
    const res = await grpc.call('MultiInference', {
      tasks: [task('classify_x_to_y', 'classify'), task('regress_x_to_y', 'regress')],
      input: exampleList(1, 4),
    });
    expect(res.results).toHaveLength(2);
    expect(scoresOf(res.results[0].classification_result)).toEqual([[['', 2.5]], [['', 4]]]);
    expect(valuesOf(res.results[1].regression_result)).toEqual([2.5, 4]);
    expect(res.results.map((r: Message) => [r.model_spec.signature_name, r.model_spec.version.value.toString()])).toEqual([
      ['classify_x_to_y', '1'],
      ['regress_x_to_y', '1'],
    ]);
  });

  it.each([
    ['no tasks', { input: exampleList(1) }, status.INVALID_ARGUMENT, 'ModelSpec has no name specified.'],
    ['the same signature twice', { tasks: [task('regress_x_to_y', 'regress'), task('regress_x_to_y', 'regress')], input: exampleList(1) },
      status.INVALID_ARGUMENT, 'Duplicate evaluation of signature: regress_x_to_y'],
    ['two models', { tasks: [task('regress_x_to_y', 'regress'), { model_spec: { name: 'digits' }, method_name: 'tensorflow/serving/classify' }], input: exampleList(1) },
      status.INVALID_ARGUMENT, 'All ModelSpecs in a MultiInferenceRequest must access the same model name.'],
    ['a missing signature', { tasks: [task('nope', 'regress')], input: exampleList(1) }, status.INVALID_ARGUMENT, 'Requested signature not found in model graph: nope'],
    ['a predict method', { tasks: [task('regress_x_to_y', 'predict')], input: exampleList(1) }, status.UNIMPLEMENTED,
      'Unsupported signature method_name: tensorflow/serving/predict'],
    ['no examples', { tasks: [task('regress_x_to_y', 'regress')] }, status.INVALID_ARGUMENT, 'Input is empty.'],
  ])('rejects %s', async (_scenario, request, code, message) => {
    const e = await grpc.errorOf('MultiInference', request);
    expect([e.code, e.details]).toEqual([code, message]);
  });
});
