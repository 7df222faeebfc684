// Writes HostTensors as TF Serving's JSON (AddTensorValues / AddSingleValueAndAdvance in
// tensorflow_serving/util/json_tensor.cc): nested lists by shape, a bare value for a scalar.
// Values use TF Serving's text; the layout is compact JSON (TF's PrettyWriter whitespace is not reproduced).
import { ServingError } from '../../errors/index.ts';
import { bfloat16ToNumber, halfToNumber, type HostTensor } from '../../tensor/index.ts';
import { AsciiBuffer } from './ascii-buffer.ts';
import { writeFloat32Run } from './fast/fast-float32-text.ts';
import { writeFloat32, writeFloat64 } from './float-format.ts';

/**
 * Appends the JSON text of element i of a tensor's flat data. `run`, when present, appends `count` elements from
 * `offset`, comma-separated, with the same text (the innermost dimension's loop without a call per element).
 */
export interface ElementWriter {
  (out: AsciiBuffer, i: number): void;
  run?: (out: AsciiBuffer, offset: number, count: number) => void;
}

const utf8 = new TextDecoder('utf-8');
const shared = new AsciiBuffer();

/**
 * json_tensor.cc IsNamedTensorBytes: a DT_STRING tensor whose name/alias ends in "_bytes" is binary and is
 * written as {"b64": "..."}; other strings are written as text.
 */
export function isBytesTensorName(name: string): boolean {
  return name.endsWith('_bytes');
}

/**
 * The writer for one tensor's elements.
 * - float32 (and half/bfloat16, widened): "%g" if it round-trips else "%.9g", ".0" on whole numbers; double: "%.17g".
 * - NaN/Infinity/-Infinity as bare tokens; int64/uint64 exact; bool true/false.
 * - strings: {"b64": …} when `asBytes`; otherwise the bytes decoded as UTF-8. TF Serving copies the raw bytes
 *   into the JSON (invalid UTF-8 stays invalid); we write U+FFFD for invalid sequences so the body stays valid.
 */
export function elementWriter(t: HostTensor, asBytes: boolean): ElementWriter {
  switch (t.dtype) {
    case 'DT_FLOAT': {
      const d = t.data as Float32Array;
      const write: ElementWriter = (out, i) => writeFloat32(out, d[i]);
      write.run = (out, offset, count) => writeFloat32Run(out, d, offset, count);
      return write;
    }
    case 'DT_DOUBLE': {
      const d = t.data as Float64Array;
      return (out, i) => writeFloat64(out, d[i]);
    }
    case 'DT_HALF': {
      const d = t.data as Uint16Array;
      return (out, i) => writeFloat32(out, halfToNumber(d[i]));
    }
    case 'DT_BFLOAT16': {
      const d = t.data as Uint16Array;
      return (out, i) => writeFloat32(out, bfloat16ToNumber(d[i]));
    }
    case 'DT_BOOL': {
      const d = t.data as Uint8Array;
      return (out, i) => out.ascii(d[i] ? 'true' : 'false');
    }
    case 'DT_STRING': {
      const d = t.data as Uint8Array[];
      if (asBytes) return (out, i) => out.ascii(`{"b64":"${Buffer.from(d[i].buffer, d[i].byteOffset, d[i].byteLength).toString('base64')}"}`);
      return (out, i) => out.text(JSON.stringify(utf8.decode(d[i])));
    }
    case 'DT_INT8':
    case 'DT_INT16':
    case 'DT_INT32':
    case 'DT_UINT8':
    case 'DT_UINT16':
    case 'DT_UINT32': {
      const d = t.data as Int32Array;
      return (out, i) => {
        const x = d[i];
        if (x < 0) out.byte(45);
        out.digits(x < 0 ? -x : x);
      };
    }
    case 'DT_INT64':
    case 'DT_UINT64': {
      const d = t.data as BigInt64Array | BigUint64Array;
      return (out, i) => out.ascii(d[i].toString());
    }
    default:
      // json_tensor.cc AddSingleValueAndAdvance's message for a dtype it cannot write.
      throw new ServingError('INVALID_ARGUMENT', `Failed to write JSON value for tensor type: ${String(t.dtype)}`);
  }
}

/**
 * A tensor (from `startDim` on, at flat `offset`) as JSON text: nested lists, or a bare value for a scalar.
 * Row format writes one row with startDim 1 and offset row × rowSize.
 * @example writeTensor({dtype: 'DT_FLOAT', shape: [2], data: new Float32Array([1, 0.5])})  // "[1.0,0.5]"
 */
export function writeTensor(t: HostTensor, asBytes = false, startDim = 0, offset = 0, elem = elementWriter(t, asBytes)): string {
  const from = shared.length; // re-entrant: nested use appends after the caller's bytes
  writeDims(shared, t.shape, startDim, offset, elem);
  return shared.take(from);
}

/** writeTensor into a caller's buffer (for responses assembled in one buffer). */
export function writeTensorTo(out: AsciiBuffer, t: HostTensor, elem: ElementWriter, startDim = 0, offset = 0): void {
  writeDims(out, t.shape, startDim, offset, elem);
}

/** A response buffer that grew past this is replaced after use, so that one huge answer does not stay pinned. */
const RESPONSE_KEEP_BYTES = 1 << 20;
let response = new AsciiBuffer();

/**
 * The buffer for assembling one response body, emptied. One per process, reused: a fresh 64 KiB Buffer per
 * answer was 7% of the HTTP server's CPU on small predicts (allocation + GC of external memory). Use it
 * synchronously and finish with take() before anything else can ask for it.
 */
export function responseBuffer(): AsciiBuffer {
  if (response.bytes.length > RESPONSE_KEEP_BYTES) response = new AsciiBuffer();
  response.clear();
  return response;
}

function writeDims(out: AsciiBuffer, shape: number[], dim: number, offset: number, elem: ElementWriter): void {
  if (dim >= shape.length) return elem(out, offset);
  const n = shape[dim];
  out.byte(91);
  if (dim === shape.length - 1) {
    if (elem.run) elem.run(out, offset, n);
    else {
      for (let i = 0; i < n; i++) {
        if (i > 0) out.byte(44);
        elem(out, offset + i);
      }
    }
  } else {
    let stride = 1;
    for (let k = dim + 1; k < shape.length; k++) stride *= shape[k];
    for (let i = 0; i < n; i++) {
      if (i > 0) out.byte(44);
      writeDims(out, shape, dim + 1, offset + i * stride, elem);
    }
  }
  out.byte(93);
}

/** A JSON string literal (for object keys and labels). */
export function jsonString(s: string): string {
  return JSON.stringify(s);
}
