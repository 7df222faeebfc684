import { describe, expect, it } from 'vitest';
import { TextTokenizer, type Token } from '../../lib/proto/text-tokenizer.ts';

function tokens(text: string): Token[] {
  const tok = new TextTokenizer(text, 'in.txt');
  const out: Token[] = [];
  while (tok.peek().kind !== 'eof') out.push(tok.next());
  return out;
}

const bytesOf = (text: string): number[] => [...tokens(text)[0].bytes!];

describe('TextTokenizer', () => {
  it('splits identifiers, numbers, strings and symbols and skips # comments', () => {
    const got = tokens('name: "x" # note { not a token\n  n { v: -1.5f }');
    expect(got.map((t) => `${t.kind}:${t.text}`)).toEqual([
      'ident:name', 'symbol::', 'string:"x"', 'ident:n', 'symbol:{', 'ident:v', 'symbol::', 'symbol:-', 'float:1.5f', 'symbol:}',
    ]);
  });

  it('reports 1-based line and column of each token', () => {
    const got = tokens('a: 1\n# comment\n   b: 2');
    expect(got.map((t) => [t.text, t.line, t.column])).toEqual([
      ['a', 1, 1], [':', 1, 2], ['1', 1, 4], ['b', 3, 4], [':', 3, 5], ['2', 3, 7],
    ]);
  });

  it.each([
    ['10', 'int'], ['0x1F', 'int'], ['0777', 'int'], ['0', 'int'],
    ['1.5', 'float'], ['.5', 'float'], ['1e5', 'float'], ['1E-5', 'float'], ['10f', 'float'], ['1.0F', 'float'], ['5.', 'float'],
  ])('classifies %s as %s', (text, kind) => {
    expect(tokens(text).map((t) => [t.kind, t.text])).toEqual([[kind, text]]);
  });

  it('rejects a number glued to an identifier (spec: "10bar" is invalid)', () => {
    expect(() => tokens('foo: 10bar')).toThrow('in.txt:1:8: Need space between number and identifier');
  });

  it('rejects octal-looking numbers with 8 or 9', () => {
    expect(() => tokens('x: 089')).toThrow('in.txt:1:4: Invalid octal number "089"');
  });

  it.each([
    ['simple escapes', String.raw`"\a\b\f\n\r\t\v\?\\\'\""`, [7, 8, 12, 10, 13, 9, 11, 63, 92, 39, 34]],
    ['octal, up to three digits', String.raw`"\0\12\1234"`, [0, 10, 0o123, 0x34]],
    ['hex, up to two digits', String.raw`"\x0\xff\x213"`, [0, 255, 0x21, 0x33]],
    ['\\u as UTF-8', String.raw`"\u00e9\u2713"`, [0xc3, 0xa9, 0xe2, 0x9c, 0x93]],
    ['\\U beyond the BMP', String.raw`"\U0001F600"`, [0xf0, 0x9f, 0x98, 0x80]],
    ['a \\u surrogate pair as one code point', String.raw`"\ud83d\ude00"`, [0xf0, 0x9f, 0x98, 0x80]],
    ['raw non-ASCII text as UTF-8', '"é😀"', [0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80]],
    ['single quotes with a double quote inside', `'a"b'`, [97, 34, 98]],
  ])('unescapes %s', (_scenario, text, expected) => {
    expect(bytesOf(text)).toEqual(expected);
  });

  it.each([
    ['an unknown escape', String.raw`x: "\q"`, '1:5: Invalid escape sequence "\\q"'],
    ['a newline inside a string', 'x: "ab\ncd"', '1:7: String literals cannot cross line boundaries'],
    ['an unterminated string', 'x: "abc', '1:8: Unexpected end of string'],
    ['\\x without digits', String.raw`x: "\xg"`, 'Expected hex digits after "\\x"'],
    ['short \\u', String.raw`x: "\u12"`, 'Expected 4 hex digits after "\\u"'],
    ['\\U beyond U+10FFFF', String.raw`x: "\U00110000"`, 'is beyond U+10FFFF'],
    ['an octal escape above 255', String.raw`x: "\777"`, 'Octal escape "\\777" is out of range'],
  ])('rejects %s with its position', (_scenario, text, message) => {
    expect(() => tokens(text)).toThrow(message);
  });

  it('throws ServingError INVALID_ARGUMENT naming file, line and column', () => {
    try {
      tokens('\n\n  x: "\\q"');
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ name: 'ServingError', code: 'INVALID_ARGUMENT' });
      expect((e as Error).message).toBe('in.txt:3:7: Invalid escape sequence "\\q" in string literal (line 3, column 7)');
    }
  });
});
