// Golden cases from test/fixtures/conformance for the codec tests: signatures from each golden's metadata section,
// expected responses parsed with our dialect parser (so int64 values beyond 2^53 stay exact), and a
// comparison within each case's float tolerance.
import { readFileSync } from 'node:fs';
import type { DType, HostTensor } from '../../lib/tensor/host-tensor.ts';
import type { SignatureInfo, TensorSpec } from '../../lib/savedmodel/signature-types.ts';
import { FloatLiteral, JsonObject, type JsonValue, parseJson } from '../../lib/api/json/json-parse.ts';
import { decodeBase64, jsonShape } from '../../lib/api/json/tensor-from-json.ts';
import { goldenFiles, SHARED_FIXTURES, type GoldenCase } from '../helpers/fixtures.ts';

export interface LoadedCase {
  label: string;
  golden: GoldenCase;
  /** The case's `response`, parsed by parseJson (exact int64, FloatLiteral for whole floats). */
  response: JsonObject;
  /** Signature name the request targets ("serving_default" when the body names none). */
  signatureName: string;
  signatures: Record<string, SignatureInfo>;
}

function get(o: JsonValue | undefined, key: string): JsonValue | undefined {
  return o instanceof JsonObject ? o.get(key) : undefined;
}

function specOf(v: JsonValue): TensorSpec {
  const shape = get(v, 'tensor_shape');
  const dims = get(shape, 'dim') as JsonValue[] | undefined;
  return {
    name: get(v, 'name') as string,
    dtype: get(v, 'dtype') as string,
    shape: !dims || get(shape, 'unknown_rank') === true ? null : dims.map((d) => Number(get(d, 'size'))),
  };
}

/** SignatureInfo for every signature in a metadata body. */
export function signaturesOf(metadata: JsonValue): Record<string, SignatureInfo> {
  const defs = get(get(get(metadata, 'metadata'), 'signature_def'), 'signature_def') as JsonObject;
  const out: Record<string, SignatureInfo> = {};
  defs.keys.forEach((key, i) => {
    const def = defs.values[i];
    const tensors = (field: string) => {
      const map = get(def, field) as JsonObject;
      return Object.fromEntries(map.keys.map((k, j) => [k, specOf(map.values[j])]));
    };
    out[key] = { key, methodName: get(def, 'method_name') as string, inputs: tensors('inputs'), outputs: tensors('outputs') };
  });
  return out;
}

/** Every golden case, with its signatures. Empty when test/fixtures/conformance is absent. */
export function loadGoldenCases(): LoadedCase[] {
  const out: LoadedCase[] = [];
  for (const g of goldenFiles(SHARED_FIXTURES)) {
    const raw = parseJson(readFileSync(g.file, 'utf8')) as JsonObject;
    const cases = raw.get('cases') as JsonObject[];
    const metadata = raw.get('metadata') as JsonObject;
    g.cases.forEach((c, i) => {
      const body = parseJson(c.request_body) as JsonObject;
      const signatureName = (body.get('signature_name') as string | undefined) || 'serving_default';
      out.push({
        label: `${g.model} #${i} ${c.method} ${c.note ?? ''}`.slice(0, 120),
        golden: c,
        response: cases[i].get('response') as JsonObject,
        signatureName,
        signatures: signaturesOf(metadata.get(c.version)!),
      });
    });
  }
  return out;
}

/** A number-like JSON value as a double. */
function num(v: JsonValue): number {
  if (v instanceof FloatLiteral) return v.value;
  return Number(v as number | bigint);
}

/** One tensor of `dtype` holding a JSON value (the shape is its nesting; {"b64"} objects are bytes). */
export function tensorOf(v: JsonValue, dtype: string): HostTensor {
  const shape = jsonShape(v);
  const flat: JsonValue[] = [];
  const walk = (x: JsonValue) => (Array.isArray(x) ? x.forEach(walk) : flat.push(x));
  walk(v);
  let data: HostTensor['data'];
  switch (dtype) {
    case 'DT_FLOAT': data = Float32Array.from(flat, num); break;
    case 'DT_DOUBLE': data = Float64Array.from(flat, num); break;
    case 'DT_INT32': data = Int32Array.from(flat, num); break;
    case 'DT_INT64': data = BigInt64Array.from(flat, (x) => BigInt(x as number | bigint)); break;
    case 'DT_BOOL': data = Uint8Array.from(flat, (x) => (x ? 1 : 0)); break;
    case 'DT_STRING':
      data = flat.map((x) => (x instanceof JsonObject ? decodeBase64(x.get('b64') as string)! : new TextEncoder().encode(x as string)));
      break;
    default: throw new Error(`tensorOf: unsupported ${dtype}`);
  }
  return { dtype: dtype as DType, shape, data } as HostTensor;
}

/** Row-format values (one entry per row) stacked into one tensor with a batch dimension. */
export function stackRows(rows: JsonValue[], dtype: string): HostTensor {
  return tensorOf(rows, dtype);
}

/**
 * Deep comparison of two parsed JSON values: floats within atol + rtol·|want|, integers exactly, keys as sets.
 * Returns the first difference as text, or undefined.
 */
export function diffJson(got: JsonValue, want: JsonValue, atol: number, rtol: number, path = '$'): string | undefined {
  const isNum = (x: JsonValue) => typeof x === 'number' || typeof x === 'bigint' || x instanceof FloatLiteral;
  if (isNum(want)) {
    if (!isNum(got)) return `${path}: got ${String(got)}, want a number`;
    if (typeof want === 'bigint' || typeof got === 'bigint') {
      const big = (x: JsonValue) => (typeof x === 'bigint' ? x : Number.isInteger(num(x)) ? BigInt(num(x)) : undefined);
      const g = big(got);
      return g !== undefined && g === big(want) ? undefined : `${path}: ${String(got)} != ${String(want)}`;
    }
    const g = num(got), w = num(want);
    if (Number.isNaN(w)) return Number.isNaN(g) ? undefined : `${path}: ${g} != NaN`;
    return Math.abs(g - w) <= atol + rtol * Math.abs(w) || g === w ? undefined : `${path}: ${g} != ${w}`;
  }
  if (Array.isArray(want)) {
    if (!Array.isArray(got) || got.length !== want.length) return `${path}: array length differs`;
    for (let i = 0; i < want.length; i++) {
      const d = diffJson(got[i], want[i], atol, rtol, `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (want instanceof JsonObject) {
    if (!(got instanceof JsonObject)) return `${path}: want an object`;
    if ([...got.keys].sort().join() !== [...want.keys].sort().join()) return `${path}: keys ${got.keys} != ${want.keys}`;
    for (const k of want.keys) {
      const d = diffJson(got.get(k)!, want.get(k)!, atol, rtol, `${path}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return got === want ? undefined : `${path}: ${String(got)} != ${String(want)}`;
}
