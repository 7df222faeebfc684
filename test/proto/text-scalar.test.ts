import { describe, expect, it } from 'vitest';
import { parseScalars, scalarsType } from '../helpers/text-proto-schema.ts';

/** What protobufjs's binary decode gives for the same message, for shape comparisons. */
const viaBinary = (m: object) => scalarsType().decode(scalarsType().encode(m).finish());

describe('text-format scalars', () => {
  it.each([
    ['decimal', 'i32: 42', 42],
    ['negative', 'i32: -42', -42],
    ['hex', 'i32: 0x1F', 31],
    ['octal', 'i32: 017', 15],
    ['whitespace and a comment after the sign', 'i32: - # c\n 7', -7],
    ['int32 minimum', 'i32: -2147483648', -2147483648],
    ['uint32 maximum', 'u32: 4294967295', 4294967295],
    ['sint32', 's32: -5', -5],
    ['fixed32', 'f32: 0xFFFFFFFF', 4294967295],
    ['sfixed32', 'sf32: -1', -1],
  ])('reads 32-bit integers: %s', (_scenario, text, expected) => {
    const m = parseScalars(text);
    expect(Object.values(m.toJSON())[0]).toBe(expected);
  });

  it.each([
    ['int64 beyond 2^53, exactly', 'i64: 9007199254740993', 'i64', '9007199254740993', false],
    ['int64 minimum', 'i64: -9223372036854775808', 'i64', '-9223372036854775808', false],
    ['int64 in hex', 'i64: 0x7FFFFFFFFFFFFFFF', 'i64', '9223372036854775807', false],
    ['uint64 maximum, unsigned Long', 'u64: 18446744073709551615', 'u64', '18446744073709551615', true],
    ['sint64 negative', 's64: -123456789012345', 's64', '-123456789012345', false],
    ['fixed64', 'f64: 0xFFFFFFFFFFFFFFFF', 'f64', '18446744073709551615', true],
    ['sfixed64', 'sf64: -0x8000000000000000', 'sf64', '-9223372036854775808', false],
  ])('reads 64-bit integers as Long: %s', (_scenario, text, field, expected, unsigned) => {
    const m = parseScalars(text);
    expect(m[field].toString()).toBe(expected);
    expect(m[field].unsigned).toBe(unsigned);
    expect(m).toEqual(viaBinary(m));
  });

  it.each([
    ['int32 above its range', 'i32: 2147483648', 'Integer out of range'],
    ['uint32 above its range', 'u32: 0x100000000', 'Integer out of range'],
    ['int64 above its range', 'i64: 9223372036854775808', 'Integer out of range'],
    ['uint64 above its range', 'u64: 18446744073709551616', 'Integer out of range'],
    ['a million digits, quickly', `i64: ${'9'.repeat(1_000_000)}`, 'Integer out of range'],
    ['a negative uint32', 'u32: -1', 'Expected a non-negative integer for field "u32" of message type "t.Scalars" (uint32)'],
    ['a negative zero uint64', 'u64: -0', 'Expected a non-negative integer'],
    ['a float for an int', 'i32: 1.5', 'Expected an integer for field "i32" of message type "t.Scalars" but found "1.5"'],
    ['a string for an int', 'i64: "5"', 'Expected an integer for field "i64"'],
  ])('rejects %s', (_scenario, text, message) => {
    expect(() => parseScalars(text)).toThrow(message);
  });

  it.each([
    ['a decimal', 'db: 1.25', 1.25],
    ['an exponent', 'db: 1e5', 100000],
    ['a leading dot', 'db: .5', 0.5],
    ['an f suffix', 'db: 1.5f', 1.5],
    ['an integer with f suffix', 'db: 10f', 10],
    ['an integer', 'db: -3', -3],
    ['inf', 'db: inf', Infinity],
    ['-inf', 'db: -inf', -Infinity],
    ['Infinity, any case', 'db: -Infinity', -Infinity],
    ['nan', 'db: nan', NaN],
    ['an overflow as infinity', 'db: 1e999', Infinity],
    ['float rounded to 32 bits as decode does', 'fl: 0.1', Math.fround(0.1)],
    ['float overflow beyond float32 as infinity', 'fl: 1e39', Infinity],
  ])('reads floats: %s', (_scenario, text, expected) => {
    const m = parseScalars(text);
    expect(m[text.slice(0, 2)]).toBe(expected);
    expect(m).toEqual(viaBinary(m));
  });

  it('rejects hex and octal for floats (spec: Value Types)', () => {
    expect(() => parseScalars('db: 0x10')).toThrow('Expected a number, inf or nan for field "db"');
    expect(() => parseScalars('db: 010')).toThrow('Expected a number, inf or nan');
  });

  it.each([
    ['true', true], ['True', true], ['t', true], ['1', true], ['0x1', true],
    ['false', false], ['False', false], ['f', false], ['0', false], ['00', false],
  ])('reads bool %s', (text, expected) => {
    expect(parseScalars(`b: ${text}`).b).toBe(expected);
  });

  it.each(['2', 'yes', '-1', 'TRUE'])('rejects bool %s', (text) => {
    expect(() => parseScalars(`b: ${text}`)).toThrow('Expected true, false, t, f, 1 or 0 for field "b"');
  });

  it('reads enums by name or number, including numbers the enum lacks (proto3 enums are open)', () => {
    expect(parseScalars('color: BLUE').color).toBe(2);
    expect(parseScalars('color: 1').color).toBe(1);
    expect(parseScalars('color: 7').color).toBe(7);
    expect(parseScalars('rcolor: [RED, 2, GREEN]').rcolor).toEqual([0, 2, 1]);
  });

  it('rejects an enum name the enum lacks, naming the enum', () => {
    expect(() => parseScalars('color: PURPLE')).toThrow('Unknown enumeration value "PURPLE" for field "color" of message type "t.Scalars" (enum t.Color)');
    expect(() => parseScalars('color: -BLUE')).toThrow('Expected an enum value name or number');
  });

  it('decodes string fields as UTF-8 and keeps bytes fields raw', () => {
    const m = parseScalars(String.raw`s: "h\303\251llo \u2713" by: "\377\000\x41"`);
    expect(m.s).toBe('héllo ✓');
    expect(m.by).toBeInstanceOf(Uint8Array);
    expect([...m.by]).toEqual([255, 0, 65]);
  });

  it('concatenates adjacent strings, mixing quote styles', () => {
    const m = parseScalars(`s: "first " 'second '\n  "third" by: "\\001" '\\002'`);
    expect(m.s).toBe('first second third');
    expect([...m.by]).toEqual([1, 2]);
  });

  it('requires a string for string and bytes fields', () => {
    expect(() => parseScalars('s: hello')).toThrow('Expected string for field "s" of message type "t.Scalars" but found "hello"');
  });
});
