import { describe, expect, it } from 'vitest';
import type { HostTensor } from '../../../lib/tensor/host-tensor.ts';
import type { SignatureInfo } from '../../../lib/savedmodel/signature-types.ts';
import { protoType } from '../../../lib/proto/index.ts';
import { decodeExamplesRequest, encodeClassifyResponse, encodeRegressResponse } from '../../../lib/api/codec/example-codec.ts';
import { checkClassifySignature, checkRegressSignature } from '../../../lib/inference/example-signatures.ts';
import { type JsonValue, parseJson } from '../../../lib/api/json/json-parse.ts';
import { hasSharedFixtures } from '../../helpers/fixtures.ts';
import { servingErrorOf } from '../../helpers/serving-error.ts';
import { diffJson, loadGoldenCases, tensorOf } from '../golden-cases.ts';

type Feature = { bytes_list?: { value: Uint8Array[] }; float_list?: { value: number[] }; int64_list?: { value: unknown[] } };

/** The features of a serialized tf.Example, decoded with the TensorFlow schema (int64 as bigint). */
function features(bytes: Uint8Array): Record<string, Feature> {
  const Example = protoType('tensorflow.Example');
  const obj = Example.toObject(Example.decode(bytes), { longs: BigInt, arrays: true }) as { features?: { feature?: Record<string, Feature> } };
  return obj.features?.feature ?? {};
}

const decodeOne = (body: string) => features(decodeExamplesRequest(body).serialized.data[0]);
const errorOf = (body: string) => servingErrorOf(() => decodeExamplesRequest(body)).message;

describe('decodeExamplesRequest', () => {
  it('maps integers to int64_list and fraction/exponent lexemes (80.0 too) to float_list', () => {
    expect(decodeOne('{"examples": [{"i": 80, "f": 80.0, "e": 1e2, "h": 0.5, "n": -3}]}')).toEqual({
      i: { int64_list: { value: [80n] } },
      f: { float_list: { value: [80] } },
      e: { float_list: { value: [100] } },
      h: { float_list: { value: [0.5] } },
      n: { int64_list: { value: [-3n] } },
    });
  });

  it('maps strings and {"b64"} to bytes_list, booleans to int64 1/0, lists element-wise, [] to an empty feature', () => {
    const f = decodeOne('{"examples": [{"s": "café", "b": {"b64": "AP8="}, "t": [true, false], "l": [1.5, 2.5], "z": []}]}');
    expect(Buffer.from(f.s.bytes_list!.value[0]).toString('utf8')).toBe('café');
    expect(Array.from(f.b.bytes_list!.value[0])).toEqual([0, 255]);
    expect(f.t).toEqual({ int64_list: { value: [1n, 0n] } });
    expect(f.l).toEqual({ float_list: { value: [1.5, 2.5] } });
    expect(f.z).toEqual({});
  });

  it('keeps int64 values exact and treats integers beyond uint64 as floats, like RapidJSON', () => {
    const f = decodeOne('{"examples": [{"k": [9007199254740993, -9223372036854775808], "big": 18446744073709551616}]}');
    expect(f.k).toEqual({ int64_list: { value: [9007199254740993n, -(2n ** 63n)] } });
    expect(f.big).toEqual({ float_list: { value: [Math.fround(2 ** 64)] } });
  });

  it('puts the context bytes before each example: the example wins a clash, {} takes the context', () => {
    const r = decodeExamplesRequest('{"signature_name": "regress", "context": {"k": 3, "x": 1.0}, "examples": [{}, {"k": 1}]}');
    expect(r.signatureName).toBe('regress');
    expect(r.serialized.shape).toEqual([2]);
    expect(features(r.serialized.data[0])).toEqual({ k: { int64_list: { value: [3n] } }, x: { float_list: { value: [1] } } });
    expect(features(r.serialized.data[1])).toEqual({ k: { int64_list: { value: [1n] } }, x: { float_list: { value: [1] } } });
  });

  it('keeps the last value of a feature named twice, after checking both (proto map assignment)', () => {
    expect(decodeOne('{"examples": [{"x": 1, "x": 2.5}]}')).toEqual({ x: { float_list: { value: [2.5] } } });
    expect(errorOf('{"examples": [{"x": null, "x": 2.5}]}')).toBe('Feature: x has element with unexpected JSON type: Null');
  });

  it('defaults the signature to serving_default', () => {
    expect(decodeExamplesRequest('{"examples": [{}]}').signatureName).toBe('serving_default');
  });

  it.each([
    ['mixed kinds in a list', '{"examples": [{"x": [1, 2.0]}]}', 'Unexpected element type in feature: x expecting type: int64'],
    ['a number after strings', '{"examples": [{"x": ["a", 1.5]}]}', 'Unexpected element type in feature: x expecting type: bytes'],
    ['a string after floats', '{"examples": [{"x": [1.5, "a"]}]}', 'Unexpected element type in feature: x expecting type: float'],
    ['null', '{"examples": [{"x": null}]}', 'Feature: x has element with unexpected JSON type: Null'],
    ['a nested list', '{"examples": [{"x": [[1]]}]}', 'Feature: x has element with unexpected JSON type: Array'],
    ['an object that is not b64', '{"examples": [{"x": {"a": 1}}]}', 'Feature: x has element with unexpected JSON type: Object'],
    ['a uint64-only integer', '{"examples": [{"x": 9223372036854775808}]}', 'Feature: x has uint64_t element. Only int64_t is supported.'],
    ['an example that is not an object', '{"examples": [[1]]}', 'Example must be JSON object but got JSON Array'],
    ['a context that is not an object', '{"context": 1, "examples": [{}]}', 'Example must be JSON object but got JSON Number'],
    ['no examples key', '{"context": {}}', 'JSON Value: {\n    "context": {}\n} When method is classify, key \'examples\' is expected and was not found'],
    ['examples that is not a list', '{"examples": {}}', 'JSON Value: {\n    "examples": {}\n} Expecting \'examples\' value to be an list/array'],
    ['an empty examples list', '{"examples": []}', 'JSON Value: {\n    "examples": []\n} \'examples\' value is an empty array'],
    ['a non-string signature_name', '{"signature_name": 1, "examples": [{}]}', 'JSON Value: {\n    "signature_name": 1,\n    "examples": [{}]\n} not formatted correctly. \'signature_name\' key must be a string value.'],
    ['an empty body', '', 'JSON Parse error: The document is empty'],
    ['bad base64', '{"examples": [{"x": {"b64": "%%%"}}]}', 'Unable to base64 decode'],
  ])('rejects %s with TF Serving\'s message', (_what, body, message) => {
    expect(errorOf(body)).toBe(message);
  });
});

const spec = (name: string, dtype = 'DT_FLOAT') => ({ name, dtype, shape: null });
const classifySig = (outputs: string[]): SignatureInfo => ({
  key: 'classify',
  methodName: 'tensorflow/serving/classify',
  inputs: { inputs: spec('tf_example:0', 'DT_STRING') },
  outputs: Object.fromEntries(outputs.map((o) => [o, spec(`${o}:0`, o === 'classes' ? 'DT_STRING' : 'DT_FLOAT')])),
});
const regressSig: SignatureInfo = { key: 'regress', methodName: 'tensorflow/serving/regress', inputs: { inputs: spec('tf_example:0', 'DT_STRING') }, outputs: { outputs: spec('y:0') } };
const f32 = (shape: number[], data: number[]): HostTensor => ({ dtype: 'DT_FLOAT', shape, data: new Float32Array(data) });
const strs = (shape: number[], data: string[]): HostTensor => ({ dtype: 'DT_STRING', shape, data: data.map((s) => new TextEncoder().encode(s)) });

describe('encodeClassifyResponse', () => {
  it('pairs labels from classes with scores', () => {
    const out = new Map([['classes', strs([1, 2], ['neg', 'pos'])], ['scores', f32([1, 2], [0.25, 0.75])]]);
    expect(encodeClassifyResponse(out, classifySig(['classes', 'scores']))).toBe('{"results":[[["neg",0.25],["pos",0.75]]]}');
  });

  it('writes "" labels without classes and 0.0 scores without scores', () => {
    expect(encodeClassifyResponse(new Map([['scores', f32([2, 1], [2.5, 3])]]), classifySig(['scores']))).toBe('{"results":[[["",2.5]],[["",3.0]]]}');
    expect(encodeClassifyResponse(new Map([['classes', strs([1, 1], ['a'])]]), classifySig(['classes']))).toBe('{"results":[[["a",0.0]]]}');
  });

  it.each([
    ['scores of rank 1', ['scores'], new Map([['scores', f32([3], [1, 2, 3])]]), 'Expected Tensor shape: [batch_size num_classes] but got [3]'],
    ['classes that are not strings', ['classes'], new Map([['classes', f32([3, 1], [1, 2, 3])]]), 'Expected classes Tensor of DT_STRING. Got: DT_FLOAT'],
    ['a batch size other than the examples', ['scores'], new Map([['scores', f32([2, 1], [1, 2])]]), 'Expected scores output batch size of 3. Got: 2'],
    ['a missing output', ['classes', 'scores'], new Map([['scores', f32([3, 1], [1, 2, 3])]]), 'Expected 2 output tensor(s).  Got: 1'],
  ])('rejects %s', (_what, aliases, outputs, message) => {
    expect(servingErrorOf(() => encodeClassifyResponse(outputs, classifySig(aliases), 3)).message).toBe(message);
  });

  it('rejects classes and scores of different widths', () => {
    const out = new Map([['classes', strs([1, 2], ['a', 'b'])], ['scores', f32([1, 1], [1])]]);
    expect(servingErrorOf(() => encodeClassifyResponse(out, classifySig(['classes', 'scores']))).message).toBe(
      'Tensors class and score should match in dim_size(1). Got 2 vs. 1',
    );
  });
});

describe('encodeRegressResponse', () => {
  it('writes one value per example from [n] or [n, 1] outputs', () => {
    expect(encodeRegressResponse(new Map([['outputs', f32([2], [42, -0.625])]]), regressSig)).toBe('{"results":[42.0,-0.625]}');
    expect(encodeRegressResponse(new Map([['outputs', f32([1, 1], [2.875])]]), regressSig, 1)).toBe('{"results":[2.875]}');
  });

  it.each([
    ['a [n, 2] output', f32([1, 2], [1, 2]), 'Expected output Tensor shape to be either [batch_size] or [batch_size, 1] but got [1,2]'],
    ['a different batch size', f32([3], [1, 2, 3]), 'Input batch size did not match output batch size: 2 vs. 3'],
    ['an int output', { dtype: 'DT_INT32', shape: [2], data: new Int32Array(2) } as HostTensor, 'Expected output Tensor of DT_FLOAT.  Got: DT_INT32'],
  ])('rejects %s', (_what, t, message) => {
    expect(servingErrorOf(() => encodeRegressResponse(new Map([['outputs', t]]), regressSig, 2)).message).toBe(message);
  });

  it('fails with FAILED_PRECONDITION when the signature has no outputs alias, and names a missing tensor', () => {
    const e = servingErrorOf(() => encodeRegressResponse(new Map(), { ...regressSig, outputs: { y: spec('y:0') } }));
    expect(e.code).toBe('FAILED_PRECONDITION');
    expect(e.message).toMatch(/^No regression outputs found in SignatureDef: inputs \{\n {2}key: "inputs"/);
    expect(servingErrorOf(() => encodeRegressResponse(new Map(), regressSig)).message).toBe("Could not find output tensor 'y:0'");
  });
});

describe('classify/regress signature checks', () => {
  it('accept signatures with one "inputs" input and the expected outputs', () => {
    expect(checkClassifySignature(classifySig(['scores']))).toBe('inputs');
    expect(checkRegressSignature(regressSig)).toBe('inputs');
  });

  it('reject other signatures with TF Serving\'s messages', () => {
    const two = { ...regressSig, inputs: { a: spec('a:0'), b: spec('b:0') } };
    expect(servingErrorOf(() => checkRegressSignature(two)).message).toBe('Expected one input Tensor.');
    expect(servingErrorOf(() => checkClassifySignature(classifySig(['a', 'b', 'c']))).message).toBe('Expected one or two output Tensors, found 3');
    expect(servingErrorOf(() => checkClassifySignature(classifySig(['probabilities']))).message).toMatch(
      /^Expected classification signature outputs to contain at least one of "classes" or "scores". Signature was: /,
    );
    expect(servingErrorOf(() => checkRegressSignature({ ...regressSig, inputs: { x: spec('x:0') } })).message).toMatch(/^No regression inputs found/);
  });
});

const cases = hasSharedFixtures ? loadGoldenCases().filter((c) => c.golden.method !== 'predict') : [];

describe.skipIf(!hasSharedFixtures)('classify/regress goldens (test/fixtures/conformance)', () => {
  it.each(cases.map((c) => [c.label, c] as const))('decodes the examples and re-encodes the results: %s', (_label, c) => {
    const sig = c.signatures[c.signatureName];
    const isClassify = c.golden.method === 'classify';
    expect(isClassify ? checkClassifySignature(sig) : checkRegressSignature(sig)).toBe('inputs');
    const req = decodeExamplesRequest(c.golden.request_body);
    expect(req.signatureName).toBe(c.signatureName);
    // Independent expectations: the fixtures' features are "k" (int64, written as integers) and floats.
    const request = JSON.parse(c.golden.request_body) as { context?: Record<string, unknown>; examples: Record<string, unknown>[] };
    request.examples.forEach((ex, i) => {
      const merged = { ...request.context, ...ex };
      const got = features(req.serialized.data[i]);
      expect(Object.keys(got).sort()).toEqual(Object.keys(merged).sort());
      for (const [name, v] of Object.entries(merged)) {
        const want = ([] as number[]).concat(v as number);
        if (name === 'k') expect(got[name]).toEqual({ int64_list: { value: want.map(BigInt) } });
        else expect(got[name]).toEqual({ float_list: { value: want.map(Math.fround) } });
      }
    });

    const results = c.response.get('results') as JsonValue[];
    const n = results.length;
    const outputs = new Map<string, HostTensor>();
    if (isClassify) {
      const pairs = results as JsonValue[][][];
      if ('classes' in sig.outputs) outputs.set('classes', tensorOf(pairs.map((r) => r.map((p) => p[0])), 'DT_STRING'));
      if ('scores' in sig.outputs) outputs.set('scores', tensorOf(pairs.map((r) => r.map((p) => p[1])), 'DT_FLOAT'));
    } else {
      outputs.set('outputs', tensorOf(results.map((v) => [v]), 'DT_FLOAT'));
    }
    const text = isClassify ? encodeClassifyResponse(outputs, sig, n) : encodeRegressResponse(outputs, sig, n);
    expect(diffJson(parseJson(text), c.response, c.golden.atol, c.golden.rtol)).toBeUndefined();
  });
});
