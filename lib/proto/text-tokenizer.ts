// Tokenizer for protobuf text format (saved_model.pbtxt, models.config), used by text-format.ts.
// Lexical rules follow the Text Format Language Specification (protobuf.dev/reference/protobuf/textformat-spec):
// `#` comments, IDENT, DEC/OCT/HEX ints, FLOAT (`1.5`, `.5`, `1e5`, `10f`), '…'/"…" strings with C escapes.
// Strings are unescaped here, to raw bytes: `"\303\251"` is the UTF-8 of "é".
import { ServingError } from '../errors/index.ts';

export type TokenKind = 'ident' | 'int' | 'float' | 'string' | 'symbol' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The source text of the token (for strings: including the quotes). */
  text: string;
  /** 1-based position of the token's first character. */
  line: number;
  column: number;
  /** Unescaped bytes, for string tokens only. */
  bytes?: Uint8Array;
}

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '?': 63, '\\': 92, "'": 39, '"': 34,
};

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isHex = (c: string): boolean => isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
const isLetter = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';

/** Appends the UTF-8 encoding of one code point (surrogates too, as C++ protobuf does). */
function pushUtf8(out: number[], cp: number): void {
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
}

/** Formats a parse error the same way everywhere: `file:line:col: message (line L, column C)`. */
export function textFormatError(fileName: string, line: number, column: number, message: string): ServingError {
  return new ServingError('INVALID_ARGUMENT', `${fileName}:${line}:${column}: ${message} (line ${line}, column ${column})`);
}

/** Produces tokens one at a time; `peek()` looks at the current one, `next()` consumes it. */
export class TextTokenizer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private current: Token;

  constructor(private readonly text: string, readonly fileName: string) {
    this.current = this.read();
  }

  peek(): Token {
    return this.current;
  }

  next(): Token {
    const t = this.current;
    this.current = this.read();
    return t;
  }

  /** True when the current token is the symbol `s`. */
  at(s: string): boolean {
    return this.current.kind === 'symbol' && this.current.text === s;
  }

  /** Consumes the symbol `s` if it is next. */
  tryConsume(s: string): boolean {
    if (!this.at(s)) return false;
    this.next();
    return true;
  }

  /** Consumes the symbol `s` or throws `Expected "s" but found …`. */
  expect(s: string): void {
    if (!this.tryConsume(s)) this.fail(this.current, `Expected "${s}" but found ${describe(this.current)}`);
  }

  fail(at: { line: number; column: number }, message: string): never {
    throw textFormatError(this.fileName, at.line, at.column, message);
  }

  private here(): { line: number; column: number } {
    return { line: this.line, column: this.pos - this.lineStart + 1 };
  }

  private skipSpaceAndComments(): void {
    const s = this.text;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (c === '\n') {
        this.pos++;
        this.line++;
        this.lineStart = this.pos;
      } else if (c === ' ' || c === '\t' || c === '\r' || c === '\v' || c === '\f') {
        this.pos++;
      } else if (c === '#') {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      } else {
        return;
      }
    }
  }

  private read(): Token {
    this.skipSpaceAndComments();
    const s = this.text;
    const { line, column } = this.here();
    const start = this.pos;
    const make = (kind: TokenKind, bytes?: Uint8Array): Token => ({ kind, text: s.slice(start, this.pos), line, column, bytes });
    if (this.pos >= s.length) return { kind: 'eof', text: '', line, column };
    const c = s[this.pos];
    if (isLetter(c)) {
      while (this.pos < s.length && (isLetter(s[this.pos]) || isDigit(s[this.pos]))) this.pos++;
      return make('ident');
    }
    if (isDigit(c) || (c === '.' && isDigit(s[this.pos + 1] ?? ''))) return make(this.readNumber());
    if (c === '"' || c === "'") {
      const bytes = this.readString(c);
      return make('string', bytes);
    }
    this.pos++;
    return make('symbol');
  }

  /** Consumes a number; returns whether it is an int or a float. */
  private readNumber(): TokenKind {
    const s = this.text;
    const start = this.pos;
    const digits = (pred: (c: string) => boolean): number => {
      const from = this.pos;
      while (this.pos < s.length && pred(s[this.pos])) this.pos++;
      return this.pos - from;
    };
    let kind: TokenKind = 'int';
    if (s[this.pos] === '0' && (s[this.pos + 1] === 'x' || s[this.pos + 1] === 'X')) {
      this.pos += 2;
      if (digits(isHex) === 0) this.fail(this.here(), '"0x" must be followed by hex digits');
    } else {
      digits(isDigit);
      if (s[this.pos] === '.') {
        kind = 'float';
        this.pos++;
        digits(isDigit);
      }
      if ((s[this.pos] === 'e' || s[this.pos] === 'E') && (isDigit(s[this.pos + 1] ?? '') || ((s[this.pos + 1] === '+' || s[this.pos + 1] === '-') && isDigit(s[this.pos + 2] ?? '')))) {
        kind = 'float';
        this.pos += 2;
        digits(isDigit);
      }
      if (s[this.pos] === 'f' || s[this.pos] === 'F') {
        kind = 'float';
        this.pos++;
      }
      const text = s.slice(start, this.pos);
      if (kind === 'int' && text.length > 1 && text[0] === '0' && !/^0[0-7]+$/.test(text)) {
        this.fail({ line: this.line, column: start - this.lineStart + 1 }, `Invalid octal number "${text.length > 40 ? `${text.slice(0, 37)}...` : text}"`);
      }
    }
    if (this.pos < s.length && (isLetter(s[this.pos]) || isDigit(s[this.pos]))) {
      this.fail(this.here(), 'Need space between number and identifier');
    }
    return kind;
  }

  /** Consumes one quoted string and returns its unescaped bytes. */
  private readString(quote: string): Uint8Array {
    const s = this.text;
    const out: number[] = [];
    this.pos++;
    for (;;) {
      if (this.pos >= s.length) this.fail(this.here(), 'Unexpected end of string');
      const c = s[this.pos];
      if (c === quote) {
        this.pos++;
        return Uint8Array.from(out);
      }
      if (c === '\n') this.fail(this.here(), 'String literals cannot cross line boundaries');
      if (c !== '\\') {
        const cp = s.codePointAt(this.pos)!;
        pushUtf8(out, cp);
        this.pos += cp > 0xffff ? 2 : 1;
        continue;
      }
      this.readEscape(out);
    }
  }

  private readEscape(out: number[]): void {
    const s = this.text;
    const at = this.here();
    const e = s[this.pos + 1] ?? '';
    this.pos += 2;
    if (e in SIMPLE_ESCAPES) {
      out.push(SIMPLE_ESCAPES[e]);
    } else if (e >= '0' && e <= '7') {
      // Up to three octal digits; "\1234" is byte 0o123 then "4" (spec: String Literals).
      let v = e.charCodeAt(0) - 48;
      for (let i = 0; i < 2 && s[this.pos] >= '0' && s[this.pos] <= '7'; i++) v = v * 8 + (s.charCodeAt(this.pos++) - 48);
      if (v > 255) this.fail(at, `Octal escape "\\${v.toString(8)}" is out of range`);
      out.push(v);
    } else if (e === 'x' || e === 'X') {
      let hex = '';
      while (hex.length < 2 && isHex(s[this.pos] ?? '')) hex += s[this.pos++];
      if (!hex) this.fail(at, 'Expected hex digits after "\\x"');
      out.push(parseInt(hex, 16));
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      const hex = s.slice(this.pos, this.pos + n);
      if (hex.length !== n || ![...hex].every(isHex)) this.fail(at, `Expected ${n} hex digits after "\\${e}"`);
      this.pos += n;
      let cp = parseInt(hex, 16);
      if (cp > 0x10ffff) this.fail(at, `Unicode escape "\\${e}${hex}" is beyond U+10FFFF`);
      // A \uD8xx high surrogate directly followed by a \uDCxx low one is one code point (C++ behaviour).
      const low = /^\\u(d[c-f][0-9a-f]{2})/i.exec(s.slice(this.pos, this.pos + 6));
      if (cp >= 0xd800 && cp <= 0xdbff && low) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (parseInt(low[1], 16) - 0xdc00);
        this.pos += 6;
      }
      pushUtf8(out, cp);
    } else {
      this.fail(at, `Invalid escape sequence "\\${e}" in string literal`);
    }
  }
}

/** How a token is named in error messages: `"name"`, `"{"`, `end of input`. */
export function describe(t: Token): string {
  if (t.kind === 'eof') return 'end of input';
  const text = t.text.length > 40 ? `${t.text.slice(0, 37)}...` : t.text;
  return t.kind === 'string' ? text : `"${text}"`;
}
