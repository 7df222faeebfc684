// TF Serving's JSON dialect: RFC 8259 plus the bare tokens NaN, Inf, Infinity (optionally negated),
// parsed the way tensorflow_serving/util/json_tensor.cc asks RapidJSON to (kParseNanAndInfFlag |
// kParseIterativeFlag | kParseStopWhenDoneFlag). Numbers keep what TF Serving looks at: the lexeme's kind.
// Not a general JSON library: it builds only the values lib/api's codecs read.
import { ServingError } from '../../errors/index.ts';
import { NUMBER, fail, lastString, readKey, readLiteral, readNumber, readString, skipWhitespace, special } from './json-lexeme.ts';
import { JsonObject, type JsonValue } from './json-value.ts';

export { FloatLiteral, JsonObject, type JsonValue } from './json-value.ts';

/** Deepest array/object nesting accepted. RapidJSON's iterative parser has no cap; a tensor needs ~10 levels. */
export const MAX_JSON_DEPTH = 256;

// What the innermost open container is. Arrays collect their elements on a value stack and are cut out with
// slice() when they close: exact-size arrays, and lists of plain numbers stay unboxed (PACKED_DOUBLE).
const ROOT = 0;
const NUMBERS = 1; // an array holding only plain numbers so far (on the number stack)
const VALUES = 2; // an array holding anything (on the value stack)
const OBJECT = 3;

/**
 * Parses a request body. Integer lexemes become numbers (bigint beyond ±(2^53-1)); lexemes with a fraction or
 * exponent become numbers, or a FloatLiteral when whole (`80.0`, `1e2`); objects become JsonObject.
 * Like TF Serving (kParseStopWhenDoneFlag) anything after the first complete value is ignored.
 * Errors are INVALID_ARGUMENT with TF Serving's text: `JSON Parse error: <RapidJSON message> at offset: <byte>`.
 * @example parseJson('{"instances": [1, 2.0, NaN]}')  // JsonObject{instances: [1, FloatLiteral(2), NaN]}
 */
export function parseJson(text: string, maxDepth: number = MAX_JSON_DEPTH): JsonValue {
  // json_tensor.cc ParseJson(): an empty body is reported before RapidJSON runs, without an offset.
  if (text.length === 0) throw new ServingError('INVALID_ARGUMENT', 'JSON Parse error: The document is empty');
  let p = skipWhitespace(text, 0);
  if (p >= text.length) fail(text, 'The document is empty.', p);
  const nums: number[] = [];
  const vals: JsonValue[] = [];
  let numTop = 0;
  let valTop = 0;
  // The open container and its parents (kinds, stack starts, objects, the key each will be stored under).
  let kind = ROOT;
  let start = 0;
  let obj: JsonObject | null = null;
  let key = '';
  const kinds: number[] = [];
  const starts: number[] = [];
  const objs: (JsonObject | null)[] = [];
  const keys: string[] = [];
  let value: JsonValue = null;
  for (;;) {
    // A value starts at p (whitespace skipped). Plain numbers in a number array are stored right away.
    let c = text.charCodeAt(p);
    let pending = true;
    if (c === 91 || c === 123) {
      if (kinds.length >= maxDepth) fail(text, `Nesting is deeper than ${maxDepth} levels.`, p);
      p = skipWhitespace(text, p + 1);
      if (text.charCodeAt(p) === (c === 91 ? 93 : 125)) {
        value = c === 91 ? [] : new JsonObject();
        p++;
      } else {
        kinds.push(kind);
        starts.push(start);
        objs.push(obj);
        keys.push(key);
        if (c === 91) {
          kind = NUMBERS;
          start = numTop;
        } else {
          kind = OBJECT;
          obj = new JsonObject();
          p = readKey(text, p);
          key = lastString;
        }
        p = skipWhitespace(text, p);
        continue;
      }
    } else if (c === 34) {
      p = readString(text, p);
      value = lastString;
    } else if (c === 116) {
      p = readLiteral(text, p, 'true');
      value = true;
    } else if (c === 102) {
      p = readLiteral(text, p, 'false');
      value = false;
    } else if (c === 110) {
      p = readLiteral(text, p, 'null');
      value = null;
    } else {
      p = readNumber(text, p);
      if (special !== null) value = special;
      else if (kind === NUMBERS) {
        nums[numTop++] = NUMBER[0];
        pending = false;
      } else value = NUMBER[0];
    }
    // Store the value, then read separators; each closing bracket completes a value for the parent.
    for (;;) {
      if (pending) {
        if (kind === ROOT) return value;
        if (kind === OBJECT) obj!.add(key, value);
        else {
          if (kind === NUMBERS) {
            // First element that is not a plain number: move the numbers to the value stack.
            const moved = valTop;
            for (let i = start; i < numTop; i++) vals[valTop++] = nums[i];
            numTop = start;
            start = moved;
            kind = VALUES;
          }
          vals[valTop++] = value;
        }
      }
      pending = true;
      c = text.charCodeAt(p);
      if (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt((p = skipWhitespace(text, p)));
      if (kind === OBJECT) {
        if (c === 44) {
          p = skipWhitespace(text, readKey(text, skipWhitespace(text, p + 1)));
          key = lastString;
          break;
        }
        if (c !== 125) fail(text, "Missing a comma or '}' after an object member.", p);
        value = obj!;
      } else {
        if (c === 44) {
          p = skipWhitespace(text, p + 1);
          break;
        }
        if (c !== 93) fail(text, "Missing a comma or ']' after an array element.", p);
        if (kind === NUMBERS) {
          value = nums.slice(start, numTop);
          numTop = start;
        } else {
          value = vals.slice(start, valTop);
          valTop = start;
        }
      }
      p++;
      kind = kinds.pop()!;
      start = starts.pop()!;
      obj = objs.pop()!;
      key = keys.pop()!;
    }
  }
}
