import { describe, expect, it } from 'vitest';
import type { HostTensor } from '../../../../lib/tensor/host-tensor.ts';
import type { SignatureInfo } from '../../../../lib/savedmodel/signature-types.ts';
import { fastDecodePredict } from '../../../../lib/api/json/fast/fast-predict-request.ts';
import { type JsonObject, parseJson } from '../../../../lib/api/json/json-parse.ts';
import { decodePredictRequest } from '../../../../lib/api/codec/predict-codec.ts';
import { tensorFromJson } from '../../../../lib/api/json/tensor-from-json.ts';
import { servingErrorOf } from '../../../helpers/serving-error.ts';

function signature(inputs: Record<string, string>, key = 'serving_default'): SignatureInfo {
  const specs = Object.fromEntries(Object.entries(inputs).map(([k, dtype]) => [k, { name: `${k}:0`, dtype, shape: null }]));
  return { key, methodName: 'tensorflow/serving/predict', inputs: specs, outputs: {} };
}

const X = signature({ x: 'DT_FLOAT' });
const values = (t: HostTensor | undefined) => Array.from(t!.data as Float32Array);

/** The general path's tensor for one member of the body (a rectangular numeric tensor decodes the same in both formats). */
function generalTensor(body: string, ...path: string[]): HostTensor {
  let v = parseJson(body);
  for (const key of path) v = (v as JsonObject).get(key)!;
  return tensorFromJson(v, 'DT_FLOAT');
}

describe('fastDecodePredict: takes plain numeric bodies', () => {
  it.each([
    ['row format', '{"instances": [[0.5, 1], [2.0, -0]]}', 'row', ['instances']],
    ['row scalars', '{"instances": [1.0, 2.0, 5.0]}', 'row', ['instances']],
    ['columnar', '{"inputs": [[1e-45, 3.4028235e38, 1e39]]}', 'columnar', ['inputs']],
    ['a columnar scalar', '{"inputs": 4.0}', 'columnar', ['inputs']],
    ['columnar by name', '{"inputs": {"x": [NaN, -Infinity, Inf]}}', 'columnar', ['inputs', 'x']],
    ['whitespace and text after the document', ' {\n "instances" : [ [1] ] \t} trailing', 'row', ['instances']],
    ['a signature_name after the tensor', '{"instances": [[1]], "signature_name": "serving_default"}', 'row', ['instances']],
    ['an empty signature_name', '{"signature_name": "", "inputs": [1]}', 'columnar', ['inputs']],
  ])('%s: %s', (_what, body, format, path) => {
    const r = fastDecodePredict(body, X, 'serving_default');
    expect(r).toMatchObject({ signatureName: 'serving_default', format });
    const expected = generalTensor(body, ...path);
    const t = r!.inputs.get('x')!;
    expect(t.dtype).toBe('DT_FLOAT');
    expect(t.shape).toEqual(expected.shape);
    expect(Buffer.from((t.data as Float32Array).buffer)).toEqual(Buffer.from((expected.data as Float32Array).buffer));
  });

  it('takes named columnar tensors for several inputs, in any order, each with its dtype', () => {
    const sig = signature({ b: 'DT_INT32', a: 'DT_FLOAT' });
    const r = fastDecodePredict('{"inputs": {"b": [[7, -1]], "a": [0.25]}}', sig, 'serving_default')!;
    expect([...r.inputs.keys()]).toEqual(['a', 'b']);
    expect(r.inputs.get('a')).toEqual({ dtype: 'DT_FLOAT', shape: [1], data: new Float32Array([0.25]) });
    expect(r.inputs.get('b')).toEqual({ dtype: 'DT_INT32', shape: [1, 2], data: new Int32Array([7, -1]) });
  });

  it('answers for the signature it was given by name', () => {
    const call = signature({ x: 'DT_FLOAT' }, 'call');
    expect(fastDecodePredict('{"signature_name": "call", "instances": [1]}', call, 'call')?.signatureName).toBe('call');
    expect(fastDecodePredict('{"signature_name": "call", "instances": [1]}', call, 'serving_default')).toBeUndefined();
  });
});

describe('fastDecodePredict: leaves everything else to the general path', () => {
  it.each([
    ['an unknown key', '{"instances": [1], "extra": 1}', X],
    ['both keys', '{"instances": [1], "inputs": [1]}', X],
    ['a duplicated key', '{"instances": [1], "instances": [2]}', X],
    ['two signature names', '{"signature_name": "serving_default", "signature_name": "x", "inputs": [1]}', X],
    ['a non-string signature name', '{"signature_name": 5, "inputs": [1]}', X],
    ['neither key', '{"signature_name": "serving_default"}', X],
    ['a scalar instances value', '{"instances": 1}', X],
    ['an empty instances list', '{"instances": []}', X],
    ['ragged rows', '{"instances": [[1, 2], [3]]}', X],
    ['a b64 object', '{"inputs": {"b64": "AA=="}}', X],
    ['an extra name in a columnar object', '{"inputs": {"x": [1], "zzz": 1}}', X],
    ['a missing name in a columnar object', '{"inputs": {"a": [1]}}', signature({ a: 'DT_FLOAT', b: 'DT_FLOAT' })],
    ['a name twice in a columnar object', '{"inputs": {"x": [1], "x": [2]}}', X],
    ['rows for several inputs', '{"instances": [{"a": 1, "b": 2}]}', signature({ a: 'DT_FLOAT', b: 'DT_FLOAT' })],
    ['a bool input', '{"inputs": [true]}', signature({ x: 'DT_BOOL' })],
    ['an int64 input', '{"inputs": [1]}', signature({ x: 'DT_INT64' })],
    ['a float lexeme for an int input', '{"inputs": [1.0]}', signature({ x: 'DT_INT32' })],
    ['a non-ASCII body', '{"inputs": [1], "é": 1}', X],
    ['a body that is not an object', '[1, 2]', X],
    ['a bad escape in a key', '{"in\\xputs": [1]}', X],
    ['an unfinished body', '{"instances": [[1]]', X],
    ['a signature without inputs', '{"inputs": 1}', signature({})],
  ])('%s: %s', (_what, body, sig) => {
    expect(fastDecodePredict(body, sig, 'serving_default')).toBeUndefined();
  });
});

describe('decodePredictRequest with the fast path first', () => {
  const decode = (body: string) => decodePredictRequest(body, () => X);

  it('decodes a 1×224×224×3 image like the general path, element for element', () => {
    let seed = 5;
    const pixel = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return String(Math.fround(seed / 2 ** 32));
    };
    const rows = Array.from({ length: 224 }, () => `[${Array.from({ length: 224 }, () => `[${pixel()}, ${pixel()}, ${pixel()}]`).join(', ')}]`);
    const body = `{"instances": [[${rows.join(', ')}]]}`;
    const t = decode(body).inputs.get('x')!;
    expect(t.shape).toEqual([1, 224, 224, 3]);
    expect(values(t)).toEqual(values(generalTensor(body, 'instances')));
  });

  it("keeps TF Serving's messages for the bodies it gives up on", () => {
    expect(servingErrorOf(() => decode('{"instances": [[1,2],[3,4],[5,6,7]]}')).message).toBe(
      "Failed to process element: 2 of 'instances' list. Error: INVALID_ARGUMENT: Expecting tensor size: 2 but got: 3",
    );
    expect(servingErrorOf(() => decode('{"inputs": [1, [2]]}')).message).toBe('Encountered list at unexpected level: 1 expected < 1');
    expect(servingErrorOf(() => decode('{"inputs": [1e400]}')).message).toBe('JSON Parse error: Number too big to be stored in double. at offset: 12');
  });

  it('reads "-0" as the integer 0 and "-0.0" as -0.0, like RapidJSON (the JSON.parse path gave -0.0 for both)', () => {
    const t = decode('{"inputs": [-0, -0.0]}').inputs.get('x')!;
    expect(Object.is(values(t)[0], 0)).toBe(true);
    expect(Object.is(values(t)[1], -0)).toBe(true);
  });
});
