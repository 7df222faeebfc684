// PredictionService.Predict over real gRPC on loopback, against real SavedModels.
import { status } from '@grpc/grpc-js';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeTensorProto, type HostTensor } from '../../lib/engine/index.ts';
import { encodeTensorProto } from '../../lib/tensor/index.ts';
import { BUNDLED_MODELS, LOCAL_FIXTURES } from '../helpers/fixtures.ts';
import { type Message, useGrpcServer } from './grpc-harness.ts';

const floats = (shape: number[], values: number[]): HostTensor => ({ dtype: 'DT_FLOAT', shape, data: Float32Array.from(values) });
const tensor = (t: HostTensor) => encodeTensorProto(t);
const output = (response: Message, alias: string) => decodeTensorProto(response.outputs[alias], alias);

const grpc = useGrpcServer({
  models: {
    half_plus_two: join(BUNDLED_MODELS, 'half_plus_two'),
    digits: join(BUNDLED_MODELS, 'digits'),
    sharded: join(LOCAL_FIXTURES, 'sharded_model'),
  },
});

afterEach(() => {
  expect(grpc.provider.outstanding).toBe(0);
  expect(grpc.internalErrors).toEqual([]);
});

describe('Predict', () => {
  it('answers half_plus_two: x=[1,2,5] gives y=[2.5,3,4.5] with the model_spec filled in', async () => {
    const res = await grpc.call('Predict', { model_spec: { name: 'half_plus_two' }, inputs: { x: tensor(floats([3], [1, 2, 5])) } });
    const y = output(res, 'y');
    expect(y.dtype).toBe('DT_FLOAT');
    expect(y.shape).toEqual([3]);
    expect(Array.from(y.data as Float32Array)).toEqual([2.5, 3, 4.5]);
    expect(res.model_spec.name).toBe('half_plus_two');
    expect(res.model_spec.signature_name).toBe('serving_default');
    expect(res.model_spec.version.value.toString()).toBe('1');
    expect(Object.keys(res.outputs)).toEqual(['y']);
  });

  it('accepts inputs in float_val as well as in tensor_content', async () => {
    const x = { dtype: 1, tensor_shape: { dim: [{ size: 2 }] }, float_val: [4, 6] };
    const res = await grpc.call('Predict', { model_spec: { name: 'half_plus_two' }, inputs: { x } });
    expect(Array.from(output(res, 'y').data as Float32Array)).toEqual([4, 5]);
  });

  it('runs digits: a [2,64] batch gives [2,10] probabilities that sum to 1', async () => {
    const pixels = floats([2, 64], Array.from({ length: 128 }, (_, i) => ((i * 7) % 17) / 16));
    const res = await grpc.call('Predict', { model_spec: { name: 'digits' }, inputs: { pixels: tensor(pixels) } });
    const out = output(res, 'output_0');
    expect(out.shape).toEqual([2, 10]);
    const row0 = Array.from(out.data as Float32Array).slice(0, 10);
    expect(row0.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('uses the named signature and echoes it in model_spec', async () => {
    const pixels = floats([1, 64], new Array(64).fill(0.5));
    const res = await grpc.call('Predict', { model_spec: { name: 'digits', signature_name: 'serve' }, inputs: { pixels: tensor(pixels) } });
    expect(res.model_spec.signature_name).toBe('serve');
    expect(output(res, 'output_0').shape).toEqual([1, 10]);
  });

  it('serves the version model_spec.version names', async () => {
    const res = await grpc.call('Predict', { model_spec: { name: 'half_plus_two', version: { value: 1 } }, inputs: { x: tensor(floats([1], [0])) } });
    expect(res.model_spec.version.value.toString()).toBe('1');
    expect(Array.from(output(res, 'y').data as Float32Array)).toEqual([2]);
  });

  it('returns only the outputs output_filter names', async () => {
    const x = tensor(floats([1, 4], [1, 2, 3, 4]));
    const all = await grpc.call('Predict', { model_spec: { name: 'sharded' }, inputs: { x } });
    expect(Object.keys(all.outputs).sort()).toEqual(['logits', 'probabilities']);
    const some = await grpc.call('Predict', { model_spec: { name: 'sharded' }, inputs: { x }, output_filter: ['probabilities'] });
    expect(Object.keys(some.outputs)).toEqual(['probabilities']);
    expect(Array.from(output(some, 'probabilities').data as Float32Array)).toEqual(Array.from(output(all, 'probabilities').data as Float32Array));
  });

  it.each([
    ['an unknown model', { model_spec: { name: 'foo' } }, status.NOT_FOUND, 'Servable not found for request: Latest(foo)'],
    ['an unknown version', { model_spec: { name: 'half_plus_two', version: { value: 3 } } }, status.NOT_FOUND, 'Servable not found for request: Specific(half_plus_two, 3)'],
    ['no model_spec', {}, status.INVALID_ARGUMENT, 'Missing ModelSpec'],
    ['an empty model name', { model_spec: {} }, status.INVALID_ARGUMENT, 'ModelSpec has no name specified.'],
    ['an unknown label', { model_spec: { name: 'half_plus_two', version_label: 'canary' } }, status.INVALID_ARGUMENT, 'Unrecognized servable version label: canary'],
    ['an unknown signature', { model_spec: { name: 'half_plus_two', signature_name: 'nope' }, inputs: { x: tensor(floats([1], [1])) } },
      status.FAILED_PRECONDITION, 'Serving signature key "nope" not found.'],
    ['a wrong input alias', { model_spec: { name: 'half_plus_two' }, inputs: { z: tensor(floats([1], [1])) } }, status.INVALID_ARGUMENT,
      'Signature input alias: x(feed name: serving_default_x:0) not found in request and no default value provided. ' +
        'Inputs expected to be in the request {z}, or default input alias set: '],
    ['too many inputs', { model_spec: { name: 'half_plus_two' }, inputs: { x: tensor(floats([1], [1])), z: tensor(floats([1], [1])) } },
      status.INVALID_ARGUMENT, 'input size does not match signature: 2!=1 len({x,z}) != len({x}). Sent extra: {z}. Missing but required: {}.'],
    ['no inputs', { model_spec: { name: 'half_plus_two' } }, status.INVALID_ARGUMENT,
      'input size does not match signature: 0!=1 len({}) != len({x}). Sent extra: {}. Missing but required: {x}.'],
    ['an unknown output alias', { model_spec: { name: 'half_plus_two' }, inputs: { x: tensor(floats([1], [1])) }, output_filter: ['w'] },
      status.INVALID_ARGUMENT, 'output tensor alias not found in signature: w Outputs expected to be in the set {y}.'],
    ['a repeated output alias', { model_spec: { name: 'half_plus_two' }, inputs: { x: tensor(floats([1], [1])) }, output_filter: ['y', 'y'] },
      status.INVALID_ARGUMENT, 'duplicate output tensor alias: y'],
    ['an int32 tensor for a float input', { model_spec: { name: 'half_plus_two' }, inputs: { x: { dtype: 3, tensor_shape: { dim: [{ size: 1 }] }, int_val: [1] } } },
      status.INVALID_ARGUMENT, 'Expects arg[0] to be float but int32 is provided'],
    ['tensor_content of the wrong size', { model_spec: { name: 'half_plus_two' }, inputs: { x: { dtype: 1, tensor_shape: { dim: [{ size: 2 }] }, tensor_content: Buffer.alloc(4) } } },
      status.INVALID_ARGUMENT, 'tensor parsing error: x'],
  ])('rejects %s with TF Serving status and message', async (_scenario, request, code, message) => {
    const e = await grpc.errorOf('Predict', request);
    expect(e.code).toBe(code);
    expect(e.details).toBe(message);
  });
});

describe('Predict with tensorEncoding "field"', () => {
  const fieldServer = useGrpcServer({ models: { half_plus_two: join(BUNDLED_MODELS, 'half_plus_two') } }, { tensorEncoding: 'field' });

  it('writes outputs in float_val, as TF Serving does by default', async () => {
    const res = await fieldServer.call('Predict', { model_spec: { name: 'half_plus_two' }, inputs: { x: tensor(floats([2], [1, 2])) } });
    expect(res.outputs.y.float_val).toEqual([2.5, 3]);
    expect(res.outputs.y.tensor_content.length).toBe(0);
  });
});
