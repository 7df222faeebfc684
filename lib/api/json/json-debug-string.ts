// TF Serving's JsonValueToDebugString (util/json_tensor.cc): how a JSON value is quoted inside error
// messages — RapidJSON's PrettyWriter with kFormatSingleLineArray, cut off once 256 bytes are written.
import { FloatLiteral, type JsonValue, asJsonObject } from './json-value.ts';

/** json_tensor.cc kMaxJsonDebugStringBytes: no token is started once the text has this many bytes. */
const MAX_DEBUG_BYTES = 256;

/**
 * Renders a value as TF Serving does in messages like "JSON Value: <this> Type: String is not of expected type".
 * Arrays stay on one line (`[1, 2]`); objects are pretty-printed with 4-space indents; doubles print with a
 * trailing `.0` when whole (`2.0`) and `e` exponents without `+` (`1e21`), as RapidJSON's Writer::Double does.
 * @example jsonDebugString(parseJson('{"a": [1, 2.5]}'))  // '{\n    "a": [1, 2.5]\n}'
 */
export function jsonDebugString(v: JsonValue): string {
  const out = new LimitedText();
  write(v, 0, out);
  return out.text;
}

/** A buffer that refuses new tokens once it holds MAX_DEBUG_BYTES (JsonWriterWithLimit::InLimit). */
class LimitedText {
  text = '';
  private bytes = 0;
  emit(chunk: string): boolean {
    if (this.bytes >= MAX_DEBUG_BYTES) return false;
    this.text += chunk;
    this.bytes += Buffer.byteLength(chunk, 'utf8');
    return true;
  }
}

function indent(depth: number): string {
  return ' '.repeat(4 * depth);
}

/** Writes v whose prefix (separator/indent) is `prefix`; `depth` counts the open containers. */
function write(v: JsonValue, depth: number, out: LimitedText, prefix = ''): boolean {
  if (Array.isArray(v)) {
    if (!out.emit(`${prefix}[`)) return false;
    for (let i = 0; i < v.length; i++) {
      if (!write(v[i], depth + 1, out, i > 0 ? ', ' : '')) return false;
    }
    return out.emit(']');
  }
  const obj = asJsonObject(v);
  if (obj) {
    if (!out.emit(`${prefix}{`)) return false;
    for (let i = 0; i < obj.size; i++) {
      const sep = i > 0 ? ',\n' : '\n';
      if (!out.emit(`${sep}${indent(depth + 1)}${quote(obj.keys[i])}`)) return false;
      if (!write(obj.values[i], depth + 1, out, ': ')) return false;
    }
    return out.emit(obj.size > 0 ? `\n${indent(depth)}}` : '}');
  }
  return out.emit(prefix + scalarText(v));
}

function scalarText(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'bigint') {
    // RapidJSON keeps integers in [-2^63, 2^64-1] exact; larger ones became doubles.
    return v >= -(2n ** 63n) && v < 2n ** 64n ? v.toString() : doubleText(Number(v));
  }
  if (v instanceof FloatLiteral) return doubleText(v.value);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : doubleText(v);
  return '';
}

/** RapidJSON Writer::Double: shortest round-trip digits, ".0" on whole numbers, exponent without '+'. */
function doubleText(d: number): string {
  // RapidJSON refuses NaN/Infinity without kWriteNanAndInfFlag; we print the tokens TF Serving accepts.
  if (!Number.isFinite(d)) return Number.isNaN(d) ? 'NaN' : d > 0 ? 'Infinity' : '-Infinity';
  if (Object.is(d, -0)) return '-0.0';
  const s = String(d).replace('e+', 'e');
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}

/** RapidJSON's string escaping: \" \\ \b \f \n \r \t, other control characters as \u00XX (upper-case hex). */
function quote(s: string): string {
  return JSON.stringify(s).replace(/\\u00([0-9a-f]{2})/g, (_m, h: string) => `\\u00${h.toUpperCase()}`);
}
