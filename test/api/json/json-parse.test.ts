import { describe, expect, it } from 'vitest';
import { FloatLiteral, JsonObject, MAX_JSON_DEPTH, parseJson } from '../../../lib/api/json/json-parse.ts';
import { jsonDebugString } from '../../../lib/api/json/json-debug-string.ts';
import { servingErrorOf } from '../../helpers/serving-error.ts';

describe('parseJson: values', () => {
  it('builds arrays, JsonObjects in document order, strings, booleans and null', () => {
    const doc = parseJson('{"b": [1, true, false, null, "s"], "a": {}}') as JsonObject;
    expect(doc).toBeInstanceOf(JsonObject);
    expect(doc.keys).toEqual(['b', 'a']);
    expect(doc.get('b')).toEqual([1, true, false, null, 's']);
    expect(doc.get('a')).toBeInstanceOf(JsonObject);
    expect(doc.get('zzz')).toBeUndefined();
  });

  it('keeps duplicate members; get() returns the first, like RapidJSON FindMember', () => {
    const doc = parseJson('{"a": 1, "b": 2, "a": 3}') as JsonObject;
    expect(doc.size).toBe(3);
    expect(doc.get('a')).toBe(1);
    const many = parseJson(`{${Array.from({ length: 20 }, (_, i) => `"k${i % 10}": ${i}`).join(',')}}`) as JsonObject;
    expect([many.get('k3'), many.get('k9')]).toEqual([3, 9]);
  });

  it('stores a "__proto__" member as data', () => {
    const doc = parseJson('{"__proto__": {"polluted": 1}}') as JsonObject;
    expect(doc.get('__proto__')).toBeInstanceOf(JsonObject);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['0', 0],
    ['42', 42],
    ['-7', -7],
    ['9007199254740991', 9007199254740991],
    ['9007199254740992', 9007199254740992n],
    ['-9007199254740993', -9007199254740993n],
    ['18446744073709551616', 18446744073709551616n],
    ['2.5', 2.5],
    ['1.5e-3', 0.0015],
    ['-0.25', -0.25],
    ['80.0', new FloatLiteral(80)],
    ['1e2', new FloatLiteral(100)],
    ['123456.789e3', new FloatLiteral(123456789)],
    ['-300.0', new FloatLiteral(-300)],
  ])('reads %s by its lexeme: integer -> number/bigint, fraction or exponent -> number/FloatLiteral', (lexeme, value) => {
    expect((parseJson(`[${lexeme}]`) as unknown[])[0]).toEqual(value);
  });

  it('reads "-0" as the integer 0 and "-0.0" as a negative-zero float', () => {
    expect(Object.is((parseJson('[-0]') as unknown[])[0], 0)).toBe(true);
    expect(Object.is(((parseJson('[-0.0]') as unknown[])[0] as FloatLiteral).value, -0)).toBe(true);
  });

  it.each([
    ['NaN', NaN],
    ['-NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['Inf', Infinity],
    ['-Inf', -Infinity],
  ])('reads the bare token %s', (token, value) => {
    expect((parseJson(`[${token}]`) as unknown[])[0]).toBe(value);
  });

  it('rounds every float lexeme to the nearest double, like Number()', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed % n;
    };
    for (let i = 0; i < 5000; i++) {
      const digits = Array.from({ length: 1 + rand(20) }, () => rand(10)).join('');
      const point = rand(digits.length + 1);
      let lexeme = `${digits.slice(0, point) || '0'}.${digits.slice(point) || '0'}`.replace(/^0+(?=\d)/, '');
      if (rand(2)) lexeme += `e${rand(2) ? '-' : ''}${rand(40)}`;
      const v = (parseJson(`[${lexeme}]`) as unknown[])[0];
      expect(v instanceof FloatLiteral ? v.value : v, lexeme).toBe(Number(lexeme));
    }
  });

  it('decodes escapes and surrogate pairs', () => {
    expect(parseJson('"a\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00z"')).toBe('a"\\/\b\f\n\r\t\u00e9\u{1f600}z');
    expect(parseJson('"caf\u00e9 \u{1f600}"')).toBe('caf\u00e9 \u{1f600}');
  });

  it('ignores anything after the first complete value (kParseStopWhenDoneFlag)', () => {
    expect(parseJson('{"a": 1} trailing ]')).toBeInstanceOf(JsonObject);
  });

  it(`accepts ${MAX_JSON_DEPTH} levels of nesting and refuses more`, () => {
    expect(() => parseJson('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).not.toThrow();
    const deep = '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1);
    expect(servingErrorOf(() => parseJson(deep)).message).toBe(`JSON Parse error: Nesting is deeper than ${MAX_JSON_DEPTH} levels. at offset: ${MAX_JSON_DEPTH}`);
  });
});

describe('parseJson: errors (RapidJSON messages, byte offsets)', () => {
  it.each([
    ['', 'JSON Parse error: The document is empty'],
    ['   ', 'JSON Parse error: The document is empty. at offset: 3'],
    ['{"a": x}', 'JSON Parse error: Invalid value. at offset: 6'],
    ['[1 2]', "JSON Parse error: Missing a comma or ']' after an array element. at offset: 3"],
    ['[1,', 'JSON Parse error: Invalid value. at offset: 3'],
    ['[1,]', 'JSON Parse error: Invalid value. at offset: 3'],
    ['{"a" 1}', 'JSON Parse error: Missing a colon after a name of object member. at offset: 5'],
    ['{1: 2}', 'JSON Parse error: Missing a name for object member. at offset: 1'],
    ['{"a": 1,}', 'JSON Parse error: Missing a name for object member. at offset: 8'],
    ['{"a": 1 "b": 2}', "JSON Parse error: Missing a comma or '}' after an object member. at offset: 8"],
    ['["abc', 'JSON Parse error: Missing a closing quotation mark in string. at offset: 5'],
    ['["a\\x"]', 'JSON Parse error: Invalid escape character in string. at offset: 3'],
    ['["\\u12G4"]', 'JSON Parse error: Incorrect hex digit after \\u escape in string. at offset: 2'],
    ['["\\ud800"]', 'JSON Parse error: The surrogate pair in string is invalid. at offset: 2'],
    ['["\\udc00"]', 'JSON Parse error: The surrogate pair in string is invalid. at offset: 2'],
    ['["a\nb"]', 'JSON Parse error: Invalid encoding in string. at offset: 3'],
    ['[1.]', 'JSON Parse error: Miss fraction part in number. at offset: 3'],
    ['[1e]', 'JSON Parse error: Miss exponent in number. at offset: 3'],
    ['[-1e400]', 'JSON Parse error: Number too big to be stored in double. at offset: 1'],
    ['[-]', 'JSON Parse error: Invalid value. at offset: 2'],
    ['[+1]', 'JSON Parse error: Invalid value. at offset: 1'],
    ['[tru]', 'JSON Parse error: Invalid value. at offset: 4'],
    ['[Infinit]', 'JSON Parse error: Invalid value. at offset: 4'],
    ['{"é€": x}', 'JSON Parse error: Invalid value. at offset: 10'],
  ])('rejects %j', (body, message) => {
    const e = servingErrorOf(() => parseJson(body));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toBe(message);
  });
});

describe('jsonDebugString (values quoted in TF Serving errors)', () => {
  it('prints arrays on one line, objects with 4-space indents, doubles with ".0"', () => {
    expect(jsonDebugString(parseJson('[1, 2.0, [true, null], "x\\u0001"]'))).toBe('[1, 2.0, [true, null], "x\\u0001"]');
    expect(jsonDebugString(parseJson('{"a": [{"b": 1e21}], "c": {}}'))).toBe('{\n    "a": [{\n            "b": 1e21\n        }],\n    "c": {}\n}');
  });

  it('stops writing once 256 bytes are out, finishing the token it started', () => {
    const text = jsonDebugString(parseJson(`[${Array.from({ length: 200 }, () => '1234').join(',')}]`));
    expect(text.length).toBe(257); // 251 bytes written, then one more ", 1234"
    expect(text.endsWith(', 1234')).toBe(true);
  });
});
