import { describe, expect, it } from 'vitest';
import { ServingError } from '../../../lib/errors/index.ts';
import type { HostTensor } from '../../../lib/tensor/host-tensor.ts';
import type { SignatureInfo } from '../../../lib/savedmodel/signature-types.ts';
import { JsonObject, parseJson } from '../../../lib/api/json/json-parse.ts';
import { decodePredictRequest, encodePredictResponse } from '../../../lib/api/codec/predict-codec.ts';
import { hasSharedFixtures } from '../../helpers/fixtures.ts';
import { servingErrorOf } from '../../helpers/serving-error.ts';
import { diffJson, loadGoldenCases, stackRows, tensorOf } from '../golden-cases.ts';

function signature(inputs: Record<string, string>, key = 'serving_default'): SignatureInfo {
  const specs = Object.fromEntries(Object.entries(inputs).map(([k, dtype]) => [k, { name: `${k}:0`, dtype, shape: null }]));
  return { key, methodName: 'tensorflow/serving/predict', inputs: specs, outputs: { y: { name: 'y:0', dtype: 'DT_FLOAT', shape: null } } };
}

/** A lookup serving the given signatures by key (TF Serving's message for an unknown one). */
function lookup(...sigs: SignatureInfo[]) {
  return (name: string) => {
    const s = sigs.find((x) => x.key === name);
    if (!s) throw new ServingError('INVALID_ARGUMENT', `Serving signature name: "${name}" not found in signature def`);
    return s;
  };
}

const X_FLOAT = lookup(signature({ x: 'DT_FLOAT' }));
const decode = (body: string, inputs: Record<string, string> = { x: 'DT_FLOAT' }) => decodePredictRequest(body, lookup(signature(inputs)));
const errorOf = (body: string, inputs: Record<string, string> = { x: 'DT_FLOAT' }) => servingErrorOf(() => decode(body, inputs));
const values = (t: HostTensor | undefined) => Array.from(t!.data as ArrayLike<unknown>);

describe('decodePredictRequest: formats', () => {
  it('stacks row-format scalars into a batch vector', () => {
    const r = decode('{"instances": [1.0, 2.0, 5.0]}');
    expect(r).toMatchObject({ signatureName: 'serving_default', format: 'row' });
    expect(r.inputs.get('x')).toEqual({ dtype: 'DT_FLOAT', shape: [3], data: new Float32Array([1, 2, 5]) });
  });

  it('adds the batch dimension to nested rows', () => {
    const t = decode('{"instances": [[[1,2]], [[3,4]]]}').inputs.get('x')!;
    expect(t.shape).toEqual([2, 1, 2]);
    expect(values(t)).toEqual([1, 2, 3, 4]);
  });

  it('reads one object per row for several inputs, all sharing dimension 0', () => {
    const r = decode('{"instances": [{"a": [1.0, 2.0], "b": 3}, {"a": [4.0, 5.0], "b": 6}]}', { a: 'DT_FLOAT', b: 'DT_INT32' });
    expect(r.inputs.get('a')!.shape).toEqual([2, 2]);
    expect(r.inputs.get('b')).toEqual({ dtype: 'DT_INT32', shape: [2], data: new Int32Array([3, 6]) });
  });

  it('takes a bare columnar tensor for a single input, a scalar included', () => {
    const r = decode('{"inputs": [[1.0], [2.0]]}');
    expect(r.format).toBe('columnar');
    expect(r.inputs.get('x')!.shape).toEqual([2, 1]);
    expect(decode('{"inputs": 4.0}').inputs.get('x')).toEqual({ dtype: 'DT_FLOAT', shape: [], data: new Float32Array([4]) });
  });

  it('takes columnar inputs by name with their own first dimensions and ignores extra names', () => {
    const r = decode('{"inputs": {"a": [1.0, 2.0, 3.0], "b": [[7]], "zzz": 1}}', { a: 'DT_FLOAT', b: 'DT_INT64' });
    expect(r.inputs.get('a')!.shape).toEqual([3]);
    expect(r.inputs.get('b')).toEqual({ dtype: 'DT_INT64', shape: [1, 1], data: new BigInt64Array([7n]) });
    expect([...r.inputs.keys()].sort()).toEqual(['a', 'b']);
  });

  it('uses signature_name, and serving_default when it is absent or empty', () => {
    const call = signature({ images: 'DT_FLOAT' }, 'call');
    expect(decodePredictRequest('{"signature_name": "call", "inputs": [1]}', lookup(call)).signatureName).toBe('call');
    expect(decodePredictRequest('{"signature_name": "", "inputs": [1]}', X_FLOAT).signatureName).toBe('serving_default');
  });

  it('reads the first of duplicated keys and ignores text after the document, as RapidJSON does', () => {
    expect(values(decode('{"instances": [1.0], "instances": [2.0, 3.0]}').inputs.get('x'))).toEqual([1]);
    expect(values(decode('{"instances": [1.0]} trailing').inputs.get('x'))).toEqual([1]);
  });
});

describe('decodePredictRequest: dtypes', () => {
  it('accepts integers, NaN and Infinity for float inputs; overflow becomes Infinity, underflow 0', () => {
    const t = decode('{"inputs": [1, 2.5, NaN, Infinity, -Infinity, 1e39, 1e-50]}').inputs.get('x')!;
    expect(values(t)).toEqual([1, 2.5, NaN, Infinity, -Infinity, Infinity, 0]);
  });

  it('keeps int64 values beyond 2^53 exact, at both ends of the range', () => {
    const t = decode('{"inputs": [9007199254740993, -9223372036854775808, 9223372036854775807]}', { x: 'DT_INT64' }).inputs.get('x')!;
    expect(values(t)).toEqual([9007199254740993n, -(2n ** 63n), 2n ** 63n - 1n]);
  });

  it('keeps uint64 values up to 2^64-1 and uint32 up to 2^32-1', () => {
    expect(values(decode('{"inputs": [18446744073709551615]}', { x: 'DT_UINT64' }).inputs.get('x'))).toEqual([2n ** 64n - 1n]);
    expect(values(decode('{"inputs": [4294967295]}', { x: 'DT_UINT32' }).inputs.get('x'))).toEqual([4294967295]);
  });

  it('wraps int8/uint8 values like TensorProto.int_val, and reads bools and doubles', () => {
    expect(values(decode('{"inputs": [300, -1]}', { x: 'DT_UINT8' }).inputs.get('x'))).toEqual([44, 255]);
    expect(values(decode('{"inputs": [true, false]}', { x: 'DT_BOOL' }).inputs.get('x'))).toEqual([1, 0]);
    expect(values(decode('{"inputs": [0.1]}', { x: 'DT_DOUBLE' }).inputs.get('x'))).toEqual([0.1]);
  });

  it('encodes strings as UTF-8 and decodes {"b64"} objects for string inputs', () => {
    const t = decode('{"instances": ["café", {"b64": "aGVsbG8="}, {"b64": "aGk"}]}', { x: 'DT_STRING' }).inputs.get('x')!;
    expect((t.data as Uint8Array[]).map((b) => Buffer.from(b).toString('utf8'))).toEqual(['café', 'hello', 'hi']);
  });

  it('converts to half and bfloat16 bit patterns (an extension: TF Serving answers Unimplemented)', () => {
    expect(values(decode('{"inputs": [1.0, -2.0, 65504]}', { x: 'DT_HALF' }).inputs.get('x'))).toEqual([0x3c00, 0xc000, 0x7bff]);
    expect(values(decode('{"inputs": [1.0, 3.140625]}', { x: 'DT_BFLOAT16' }).inputs.get('x'))).toEqual([0x3f80, 0x4049]);
  });

  it.each([
    ['a float lexeme for int32', '{"inputs": [1.0]}', 'DT_INT32', 'JSON Value: 1.0 Type: Number is not of expected type: int32'],
    ['beyond int32', '{"inputs": [2147483648]}', 'DT_INT32', 'JSON Value: 2147483648 Type: Number is not of expected type: int32'],
    ['beyond int64', '{"inputs": [9223372036854775808]}', 'DT_INT64', 'JSON Value: 9223372036854775808 Type: Number is not of expected type: int64'],
    ['a negative uint64', '{"inputs": [-1]}', 'DT_UINT64', 'JSON Value: -1 Type: Number is not of expected type: uint64'],
    ['a string for float', '{"inputs": ["a"]}', 'DT_FLOAT', 'JSON Value: "a" Type: String is not of expected type: float'],
    ['a number for bool', '{"inputs": [1]}', 'DT_BOOL', 'JSON Value: 1 Type: Number is not of expected type: bool'],
    ['a number for string', '{"inputs": [1.5]}', 'DT_STRING', 'JSON Value: 1.5 Type: Number is not of expected type: string'],
    ['null for float', '{"inputs": [null]}', 'DT_FLOAT', 'JSON Value: null Type: Null is not of expected type: float'],
    ['an object for float', '{"inputs": [{"a": 1.0}]}', 'DT_FLOAT', 'JSON Value: {\n    "a": 1.0\n} Type: Object is not of expected type: float'],
    ['a b64 object with a number', '{"inputs": [{"b64": 1}]}', 'DT_STRING', 'JSON Value: {\n    "b64": 1\n} not formatted correctly for base64 data'],
    ['invalid base64', '{"inputs": [{"b64": "a$b="}]}', 'DT_STRING', 'Unable to base64 decode'],
  ])('rejects %s with TF Serving\'s message', (_what, body, dtype, message) => {
    const e = errorOf(body, { x: dtype });
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toBe(message);
  });

  it('wraps row-format element errors with the element index and status code', () => {
    expect(errorOf('{"instances": [[1,2],["a","b"]]}', { x: 'DT_INT32' }).message).toBe(
      'Failed to process element: 1 of \'instances\' list. Error: INVALID_ARGUMENT: JSON Value: "a" Type: String is not of expected type: int32',
    );
  });

  it('answers UNIMPLEMENTED for a dtype JSON cannot express', () => {
    const e = errorOf('{"inputs": [1]}', { x: 'DT_COMPLEX64' });
    expect([e.code, e.message]).toEqual(['UNIMPLEMENTED', 'Conversion of JSON Value: 1 to type: complex64']);
  });
});

describe('decodePredictRequest: request errors', () => {
  const doc2 = '{\n    "instances": [1],\n    "inputs": [1]\n}';
  it.each([
    ['an empty body', '', 'JSON Parse error: The document is empty'],
    ['invalid JSON', '{"instances": [x]}', 'JSON Parse error: Invalid value. at offset: 15'],
    ['a body that is not an object', '[1, 2]', 'JSON Value: [1, 2] Is not object'],
    ['a non-string signature_name', '{"signature_name": 5, "instances": [1]}', 'JSON Value: {\n    "signature_name": 5,\n    "instances": [1]\n} not formatted correctly. \'signature_name\' key must be a string value.'],
    ['neither instances nor inputs', '{"signature_name": "serving_default"}', "Missing 'inputs' or 'instances' key"],
    ['both instances and inputs', '{"instances": [1], "inputs": [1]}', `JSON Value: ${doc2} Not formatted correctly expecting only one of 'inputs' or 'instances' keys to exist `],
    ['instances that is not a list', '{"instances": 1}', 'JSON Value: {\n    "instances": 1\n} Expecting \'instances\' to be an list/array'],
    ['an empty instances list', '{"instances": []}', 'JSON Value: {\n    "instances": []\n} No values in \'instances\' array'],
    ['rows of different sizes', '{"instances": [[1,2],[3,4],[5,6,7]]}', "Failed to process element: 2 of 'instances' list. Error: INVALID_ARGUMENT: Expecting tensor size: 2 but got: 3"],
    ['rows of different shapes', '{"instances": [1, [1]]}', "Failed to process element: 1 of 'instances' list. Error: INVALID_ARGUMENT: Expecting shape [] but got: [1]"],
    ['a ragged columnar tensor', '{"inputs": [[1, 2], [3]]}', 'Encountered list at unexpected size: 1 at level: 1 expected size: 2'],
    ['a scalar among lists', '{"inputs": [[1, 2], 3]}', 'JSON Value: 3 found at incorrect level: 2 in the JSON DOM. Expected at level: 2'],
    ['a list nested too deep', '{"inputs": [[1, [2]]]}', 'Encountered list at unexpected level: 2 expected < 2'],
  ])('rejects %s', (_what, body, message) => {
    const e = errorOf(body);
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toBe(message);
  });

  const AB = { a: 'DT_FLOAT', b: 'DT_FLOAT' };
  it.each([
    ['a plain row list for several inputs', '{"instances": [[1.0]]}', 'instances is a plain list, but expecting list of objects as multiple input tensors required as per tensorinfo_map'],
    ['a list after object rows', '{"instances": [{"a": 1, "b": 2}, [1]]}', 'Expecting object but got list at item 1 of input list'],
    ['an unknown name in a row object', '{"instances": [{"a": 1, "b": 2, "z": 3}]}', "Failed to process element: 0 key: z of 'instances' list. Error: INVALID_ARGUMENT: JSON object: does not have named input: z"],
    ['a row object missing an input', '{"instances": [{"a": [1.0]}]}', "Failed to process element: 0 of 'instances' list. JSON object: {\n    \"a\": [1.0]\n} keys must be equal to: a,b"],
    ['a columnar object missing an input', '{"inputs": {"a": [1.0]}}', "Missing named input: b in 'inputs' object."],
    ['a plain columnar value for several inputs', '{"inputs": [1.0]}', 'inputs is a plain value/list, but expecting an object as multiple input tensors required as per tensorinfo_map'],
  ])('rejects %s', (_what, body, message) => {
    expect(errorOf(body, AB).message).toBe(message);
  });

  it('reports a {"b64"} first row that hides a second input as TF Serving\'s input-size mismatch', () => {
    expect(errorOf('{"instances": [{"b64": "YQ=="}]}', { a: 'DT_STRING', b: 'DT_STRING' }).message).toBe(
      'input size does not match signature: 1!=2 len({a}) != len({a,b}). Sent extra: {}. Missing but required: {b}.',
    );
  });

  it('rejects a row object naming an input twice (TF Serving appends both, then cannot parse the tensor)', () => {
    expect(errorOf('{"instances": [{"a": 1, "b": 2, "a": 3}]}', AB).message).toBe('tensor parsing error: a');
  });

  it('rejects an object after plain rows for a single input', () => {
    expect(errorOf('{"instances": [[1.0], {"x": [1.0]}]}').message).toBe('Expecting value/list but got object at item 1 of input list');
  });

  it('rejects a signature without inputs, and passes lookup errors through', () => {
    expect(servingErrorOf(() => decodePredictRequest('{"inputs": 1}', lookup(signature({})))).message).toBe(
      'Failed to get input map for signature: DEFAULT',
    );
    expect(servingErrorOf(() => decodePredictRequest('{"signature_name": "nope", "inputs": 1}', X_FLOAT)).message).toBe(
      'Serving signature name: "nope" not found in signature def',
    );
  });

  it('reports a float lexeme too big for a double as RapidJSON does (JSON.parse would give Infinity)', () => {
    expect(errorOf('{"inputs": [1e400]}').message).toBe('JSON Parse error: Number too big to be stored in double. at offset: 12');
  });

  it('quotes float lexemes exactly in errors even when the JSON.parse fast path ran first', () => {
    expect(errorOf('{"instances": [[1.0], [{"q": 2.0}]]}').message).toBe(
      'Failed to process element: 1 of \'instances\' list. Error: INVALID_ARGUMENT: JSON Value: {\n    "q": 2.0\n} Type: Object is not of expected type: float',
    );
    expect(errorOf('{"inputs": [[1.0, 2], [{"q": 3.0}, 4]]}').message).toBe('JSON Value: {\n    "q": 3.0\n} Type: Object is not of expected type: float');
  });
});

describe('encodePredictResponse', () => {
  const f32 = (shape: number[], data: number[]): HostTensor => ({ dtype: 'DT_FLOAT', shape, data: new Float32Array(data) });

  it('writes row format: per-row values for one output, one object per row (names sorted) for several', () => {
    expect(encodePredictResponse('row', new Map([['y', f32([3], [2.5, 3, 4.5])]]))).toBe('{"predictions":[2.5,3.0,4.5]}');
    const out = new Map<string, HostTensor>([
      ['sum', f32([2, 2], [4.5, 5, 1, 2])],
      ['product', f32([2, 1], [6, 24])],
    ]);
    expect(encodePredictResponse('row', out)).toBe('{"predictions":[{"product":[6.0],"sum":[4.5,5.0]},{"product":[24.0],"sum":[1.0,2.0]}]}');
  });

  it('writes columnar format: the bare tensor (a scalar too) or an object of tensors', () => {
    expect(encodePredictResponse('columnar', new Map([['y', f32([], [5])]]))).toBe('{"outputs":5.0}');
    const out = new Map<string, HostTensor>([['b', f32([1], [1])], ['a', f32([2], [NaN, -Infinity])]]);
    expect(encodePredictResponse('columnar', out)).toBe('{"outputs":{"a":[NaN,-Infinity],"b":[1.0]}}');
  });

  it('writes *_bytes strings as {"b64"} and other strings as text', () => {
    const bytes = new Uint8Array([0, 0xff, 0xfe, 0x80]);
    const out = new Map<string, HostTensor>([
      ['payload_bytes', { dtype: 'DT_STRING', shape: [1], data: [bytes] }],
      ['label', { dtype: 'DT_STRING', shape: [1], data: [new TextEncoder().encode('bird "x"')] }],
    ]);
    expect(encodePredictResponse('columnar', out)).toBe('{"outputs":{"label":["bird \\"x\\""],"payload_bytes":[{"b64":"AP/+gA=="}]}}');
  });

  it('round-trips an int64 output of 2^53+1 exactly', () => {
    const out = new Map<string, HostTensor>([['id', { dtype: 'DT_INT64', shape: [1], data: new BigInt64Array([2n ** 53n + 1n]) }]]);
    const text = encodePredictResponse('row', out);
    expect(text).toBe('{"predictions":[9007199254740993]}');
    expect(((parseJson(text) as JsonObject).get('predictions') as unknown[])[0]).toBe(9007199254740993n);
  });

  it.each([
    ['no outputs', new Map<string, HostTensor>(), 'Cannot convert empty tensor map to JSON'],
    ['a scalar output', new Map([['y', f32([], [1])]]), 'Tensor name: y has no shape information '],
    ['outputs of different batch sizes', new Map([['a', f32([2], [1, 2])], ['b', f32([3], [1, 2, 3])]]), 'Tensor name: b has inconsistent batch size: 3 expecting: 2'],
  ])('rejects %s in row format', (_what, outputs, message) => {
    expect(servingErrorOf(() => encodePredictResponse('row', outputs)).message).toBe(message);
  });
});

const cases = hasSharedFixtures ? loadGoldenCases().filter((c) => c.golden.method === 'predict') : [];

describe.skipIf(!hasSharedFixtures)('predict goldens (test/fixtures/conformance)', () => {
  it.each(cases.map((c) => [c.label, c] as const))('decodes the request and re-encodes the response: %s', (_label, c) => {
    const sig = c.signatures[c.signatureName];
    const req = decodePredictRequest(c.golden.request_body, (name) => c.signatures[name]);
    expect([...req.inputs.keys()].sort()).toEqual(Object.keys(sig.inputs).sort());
    for (const [name, t] of req.inputs) expect(t.dtype).toBe(sig.inputs[name].dtype);

    const outputs = new Map<string, HostTensor>();
    const aliases = Object.keys(sig.outputs);
    if (req.format === 'row') {
      const rows = c.response.get('predictions') as JsonObject[];
      for (const a of aliases) outputs.set(a, stackRows(aliases.length > 1 ? rows.map((r) => r.get(a)!) : rows, sig.outputs[a].dtype));
    } else {
      const v = c.response.get('outputs')!;
      for (const a of aliases) outputs.set(a, tensorOf(aliases.length > 1 ? (v as JsonObject).get(a)! : v, sig.outputs[a].dtype));
    }
    const text = encodePredictResponse(req.format, outputs, sig);
    expect(diffJson(parseJson(text), c.response, c.golden.atol, c.golden.rtol)).toBeUndefined();
  });

  it('decodes the multi_io_model id 2^53+1 exactly', () => {
    const c = cases.find((x) => x.golden.request_body.includes('9007199254740993'))!;
    const req = decodePredictRequest(c.golden.request_body, (name) => c.signatures[name]);
    expect(req.inputs.get('ids')!.data).toEqual(new BigInt64Array([9007199254740993n]));
  });
});
