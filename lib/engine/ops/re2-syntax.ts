// RE2 pattern syntax (what TensorFlow's regex ops compile: tensorflow/core/kernels/regex_*_op.cc, RE2 with
// UTF-8 input) translated to an equivalent JavaScript RegExp with the `u` flag, or refused. Only constructs
// whose meaning is the same in both engines are translated (https://github.com/google/re2/wiki/Syntax):
//   - leading flags `(?ims)`: i becomes the RegExp flag, m and s are written into ^ $ . (RE2's only line
//     terminator is \n, JavaScript's are four); flags anywhere else, `(?U)`, lookarounds, backreferences,
//     `\C`, `\Z`, `\G`, possessive quantifiers and anything unknown are refused (RE2 rejects most of them too);
//   - `\A` / `\z` become ^ / $ (never the m flag); `$` without (?m) is end of text in both;
//   - `\s` is RE2's [\t\n\f\r ] (JavaScript's also matches \v and Unicode spaces); `\d \w \b` are ASCII in both;
//   - `\pL`, `\p{Greek}`, `\PN`, `[[:alpha:]]` (ASCII, as RE2), `\Q…\E`, `\x{10FFFF}`, `\a`, escaped
//     punctuation (`\'` is a literal quote) and RE2's literal `{` (`a{,2}`) are rewritten;
//   - `(?P<name>…)` becomes `(?<name>…)`.
// Matching semantics are leftmost-first in both (RE2 non-POSIX mode, as TensorFlow uses it).
import { ServingError } from '../../errors/index.ts';

export interface TranslatedRegex {
  /** JavaScript source, for `new RegExp(source, flags)`. */
  source: string;
  /** RegExp flags, always including `u`. */
  flags: string;
  /** Number of capturing groups. */
  groups: number;
}

const refuse = (pattern: string, what: string) => new ServingError('UNIMPLEMENTED', `regex '${pattern}': ${what} cannot be translated exactly from RE2 and is not supported by the portable engine`);
const invalid = (pattern: string, what: string) => new ServingError('INVALID_ARGUMENT', `Invalid pattern: ${pattern}, error: ${what}`);

const RE2_SPACE = '\\t\\n\\f\\r ';
const PERL_CLASSES: Record<string, { inside: string; outside: string } | undefined> = {
  d: { inside: '0-9', outside: '[0-9]' },
  D: { inside: '', outside: '[^0-9]' },
  w: { inside: '0-9A-Za-z_', outside: '[0-9A-Za-z_]' },
  W: { inside: '', outside: '[^0-9A-Za-z_]' },
  s: { inside: RE2_SPACE, outside: `[${RE2_SPACE}]` },
  S: { inside: '', outside: `[^${RE2_SPACE}]` },
};
/** RE2's ASCII POSIX classes (re2/unicode_groups + parse.cc posix_groups). */
const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7f', blank: '\\t ', cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9', graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};
const CATEGORIES = new Set(['C', 'Cc', 'Cf', 'Co', 'Cs', 'L', 'Ll', 'Lm', 'Lo', 'Lt', 'Lu', 'M', 'Mc', 'Me', 'Mn', 'N', 'Nd', 'Nl', 'No', 'P', 'Pc', 'Pd', 'Pe', 'Pf', 'Pi', 'Po', 'Ps', 'S', 'Sc', 'Sk', 'Sm', 'So', 'Z', 'Zl', 'Zp', 'Zs']);
/** Characters that JavaScript's `u` mode lets (and needs) a backslash before, outside a class. */
const JS_SYNTAX = new Set([...'^$\\.*+?()[]{}|/']);
const SIMPLE_ESCAPES: Record<string, string> = { a: '\\x07', f: '\\f', n: '\\n', r: '\\r', t: '\\t', v: '\\v' };

function hex(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

/** A literal code point as JavaScript source (inside or outside a class). */
function literal(ch: string, inClass: boolean): string {
  if (inClass) return /[\\\]\[^-]/.test(ch) ? `\\${ch}` : ch;
  return JS_SYNTAX.has(ch) ? `\\${ch}` : ch;
}

class Translator {
  private i = 0;
  private out = '';
  private groups = 0;
  flags = 'u';
  /** (?m): ^ and $ at line starts / ends, where RE2's only line terminator is \n (JavaScript's m adds \r, U+2028…). */
  private multiline = false;
  /** (?s): . matches \n too. */
  private dotAll = false;

  constructor(private readonly p: string) {}

  translate(): TranslatedRegex {
    this.leadingFlags();
    while (this.i < this.p.length) this.atom();
    return { source: this.out, flags: this.flags, groups: this.groups };
  }

  private leadingFlags(): void {
    const m = /^\(\?([a-zA-Z]+)\)/.exec(this.p);
    if (!m) return;
    for (const f of m[1]) {
      if (f === 'i') this.flags = 'ui';
      else if (f === 'm') this.multiline = true;
      else if (f === 's') this.dotAll = true;
      else throw refuse(this.p, `flag '${f}'`);
    }
    this.i = m[0].length;
  }

  private atom(): void {
    const p = this.p;
    const c = [...p.slice(this.i, this.i + 2)][0];
    if (c === '\\') {
      this.escape(false);
      return;
    }
    if (c === '[') return this.charClass();
    if (c === '(') return this.group();
    if (c === '{') return this.brace();
    if (c === '}' || c === ']') {
      this.out += `\\${c}`;
      this.i++;
      return;
    }
    if ((c === '*' || c === '+' || c === '?') && p[this.i + 1] === '+') throw refuse(p, 'possessive quantifier');
    // RE2's . excludes only \n (JavaScript's also excludes \r, U+2028, U+2029).
    if (c === '.') this.out += this.dotAll ? '[\\s\\S]' : '[^\\n]';
    else if (c === '^') this.out += this.multiline ? '(?<![^\\n])' : '^';
    else if (c === '$') this.out += this.multiline ? '(?![^\\n])' : '$';
    else this.out += c;
    this.i += c.length;
  }

  /** `{n}`, `{n,}`, `{n,m}` are repetitions (RE2 caps them at 1000); any other `{` is a literal brace. */
  private brace(): void {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.p.slice(this.i));
    if (!m) {
      this.out += '\\{';
      this.i++;
      return;
    }
    if (Number(m[1]) > 1000 || (m[3] && Number(m[3]) > 1000)) throw invalid(this.p, 'bad repetition operator');
    if (m[3] && Number(m[3]) < Number(m[1])) throw invalid(this.p, 'bad repetition operator');
    if (this.p[this.i + m[0].length] === '+') throw refuse(this.p, 'possessive quantifier');
    this.out += m[0];
    this.i += m[0].length;
  }

  private group(): void {
    const rest = this.p.slice(this.i);
    const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
    if (named) {
      this.groups++;
      this.out += `(?<${named[1]}>`;
      this.i += named[0].length;
      return;
    }
    if (rest.startsWith('(?:')) {
      this.out += '(?:';
      this.i += 3;
      return;
    }
    if (rest.startsWith('(?')) throw refuse(this.p, `group '${rest.slice(0, 4)}'`);
    this.groups++;
    this.out += '(';
    this.i++;
  }

  /** `\p{Greek}`, `\pL`, `\PN` → JavaScript property escapes. */
  private property(negated: boolean): string {
    const rest = this.p.slice(this.i);
    const m = /^\{(\^?)([A-Za-z_]+)\}/.exec(rest) ?? /^()([A-Za-z])/.exec(rest);
    if (!m) throw invalid(this.p, 'invalid character class range');
    this.i += m[0].length;
    const neg = negated !== (m[1] === '^');
    const name = m[2];
    if (name === 'Any') return neg ? '[^\\s\\S]' : '[\\s\\S]';
    const body = CATEGORIES.has(name) ? name : `Script=${name}`;
    try {
      new RegExp(`\\p{${body}}`, 'u');
    } catch {
      throw invalid(this.p, 'invalid character class range');
    }
    return `\\${neg ? 'P' : 'p'}{${body}}`;
  }

  /** One escape starting at `\`; returns JavaScript source for it (appended outside a class). */
  private escape(inClass: boolean): string {
    const p = this.p;
    this.i++;
    if (this.i >= p.length) throw invalid(p, 'trailing \\');
    const c = [...p.slice(this.i, this.i + 2)][0];
    this.i += c.length;
    let js: string;
    if (c === 'Q' && !inClass) {
      const end = p.indexOf('\\E', this.i);
      const text = end < 0 ? p.slice(this.i) : p.slice(this.i, end);
      this.i = end < 0 ? p.length : end + 2;
      js = [...text].map((ch) => literal(ch, false)).join('');
    } else if (c === 'p' || c === 'P') {
      js = this.property(c === 'P');
    } else if (PERL_CLASSES[c]) {
      const cls = PERL_CLASSES[c]!;
      if (inClass && !cls.inside) throw refuse(p, `'\\${c}' inside a character class`);
      js = inClass ? cls.inside : cls.outside;
    } else if (c === 'b' || c === 'B') {
      if (inClass) throw refuse(p, `'\\${c}' inside a character class`);
      js = `\\${c}`;
    } else if (c === 'A' || c === 'z') {
      if (inClass) throw invalid(p, 'invalid escape sequence');
      if (this.multiline) throw refuse(p, `'\\${c}' with (?m)`);
      // Without the m flag JavaScript's ^ and $ are the start and end of the text.
      js = c === 'A' ? '^' : '$';
    } else if (c === 'x') {
      const m = /^\{([0-9A-Fa-f]+)\}/.exec(p.slice(this.i)) ?? /^()([0-9A-Fa-f]{2})/.exec(p.slice(this.i));
      if (!m) throw invalid(p, 'invalid escape sequence');
      const digits = m[1] || m[2];
      const cp = parseInt(digits, 16);
      if (cp > 0x10ffff) throw invalid(p, 'invalid escape sequence');
      this.i += m[0].length;
      js = hex(cp);
    } else if (SIMPLE_ESCAPES[c]) {
      js = SIMPLE_ESCAPES[c];
    } else if (/[0-9]/.test(c)) {
      // RE2 reads \0nn as octal and refuses backreferences; JavaScript would read \1 as one.
      throw refuse(p, `escape '\\${c}'`);
    } else if (/[A-Za-z]/.test(c)) {
      throw refuse(p, `escape '\\${c}'`);
    } else {
      // RE2 allows a backslash before any punctuation: it is that character.
      js = literal(c, inClass);
    }
    if (!inClass) this.out += js;
    return js;
  }

  private charClass(): void {
    const p = this.p;
    this.i++;
    let body = '';
    let negated = false;
    if (p[this.i] === '^') {
      negated = true;
      this.i++;
    }
    // A `]` right after `[` or `[^` is a literal in RE2 (and an empty class in JavaScript).
    if (p[this.i] === ']') {
      body += '\\]';
      this.i++;
    }
    for (;;) {
      if (this.i >= p.length) throw invalid(p, 'missing ]');
      const c = [...p.slice(this.i, this.i + 2)][0];
      if (c === ']') {
        this.i++;
        break;
      }
      if (c === '[' && p[this.i + 1] === ':') {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(this.i));
        if (!m || !POSIX[m[2]]) throw invalid(p, 'invalid character class range');
        if (m[1]) throw refuse(p, `'[:^${m[2]}:]'`);
        body += POSIX[m[2]];
        this.i += m[0].length;
        continue;
      }
      if (c === '\\') {
        body += this.escape(true);
        continue;
      }
      if (c === '-') {
        body += '-';
        this.i++;
        continue;
      }
      body += literal(c, true);
      this.i += c.length;
    }
    this.out += `[${negated ? '^' : ''}${body}]`;
  }
}

/**
 * Translates an RE2 pattern, or throws UNIMPLEMENTED naming the construct (INVALID_ARGUMENT when RE2 would
 * refuse it too). The result always compiles.
 * @example translateRe2('(?i)\\pL+') // { source: '\\p{L}+', flags: 'ui', groups: 0 }
 */
export function translateRe2(pattern: string): TranslatedRegex {
  const t = new Translator(pattern).translate();
  try {
    new RegExp(t.source, t.flags);
  } catch (e) {
    throw invalid(pattern, (e as Error).message);
  }
  return t;
}
