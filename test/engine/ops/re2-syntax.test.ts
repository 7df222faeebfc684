// RE2 → JavaScript translation: what it rewrites (checked end to end against TensorFlow in
// string-ops.vectors.json), and the constructs it refuses instead of approximating.
import { describe, expect, it } from 'vitest';
import { checkRegexNode, re2Replace } from '../../../lib/engine/ops/regex-ops.ts';
import { translateRe2 } from '../../../lib/engine/ops/re2-syntax.ts';
import { isServingError } from '../../../lib/errors/index.ts';

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isServingError(e) ? e.code : 'not a ServingError';
  }
  return undefined;
}

describe('translateRe2', () => {
  it.each([
    ['RE2 \\s is [\\t\\n\\f\\r ] (no \\v, no Unicode spaces)', '\\s', '[\\t\\n\\f\\r ]', 'u'],
    ['(?i) becomes the i flag', '(?i)ab', 'ab', 'ui'],
    ['. excludes only \\n', 'a.b', 'a[^\\n]b', 'u'],
    ['(?s). matches everything', '(?s).', '[\\s\\S]', 'u'],
    ['(?m)^ and $ see only \\n', '(?m)^a$', '(?<![^\\n])a(?![^\\n])', 'u'],
    ['\\pL and \\p{Greek} become property escapes', '\\pL\\p{Greek}\\PN', '\\p{L}\\p{Script=Greek}\\P{N}', 'u'],
    ['POSIX classes are ASCII', '[[:alpha:]_]', '[A-Za-z_]', 'u'],
    ['\\Q…\\E is literal', '\\Qa.b*\\E', 'a\\.b\\*', 'u'],
    ['escaped punctuation is the character', "\\'\\!", "'!", 'u'],
    ['a brace that is no repetition is literal', 'a{,2}', 'a\\{,2\\}', 'u'],
    ['a leading ] in a class is literal', '[]a]', '[\\]a]', 'u'],
    ['\\x{…} code points', '\\x{1F642}', '\\u{1f642}', 'u'],
    ['(?P<name>) groups', '(?P<w>o)', '(?<w>o)', 'u'],
    ['\\A and \\z are the ends of the text', '\\Aa\\z', '^a$', 'u'],
  ])('%s', (_label, pattern, source, flags) => {
    expect(translateRe2(pattern)).toMatchObject({ source, flags });
  });

  it.each([
    ['lookahead', '(?=a)'],
    ['lookbehind', '(?<=a)b'],
    ['backreference', '(a)\\1'],
    ['\\C (any byte)', 'a\\C'],
    ['\\Z', 'a\\Z'],
    ['ungreedy flag', '(?U)a*'],
    ['flags after the start', 'a(?i)b'],
    ['a negated POSIX class', '[[:^alpha:]]'],
    ['a negated Perl class inside brackets', '[\\S]'],
    ['possessive quantifier', 'a*+'],
    ['\\A under (?m)', '(?m)\\Aa'],
    ['unknown letter escape', '\\e'],
  ])('refuses %s', (_label, pattern) => {
    expect(code(() => translateRe2(pattern))).toBe('UNIMPLEMENTED');
  });

  it.each([['unbalanced', '(a'], ['repetition over 1000', 'a{1001}'], ['unknown property', '\\p{Nope}']])('rejects an invalid pattern: %s', (_label, pattern) => {
    expect(code(() => translateRe2(pattern))).toBe('INVALID_ARGUMENT');
  });
});

describe('re2Replace', () => {
  const compiled = (p: string) => {
    const t = translateRe2(p);
    return { re: new RegExp(t.source, t.flags + 'g'), groups: t.groups };
  };
  it('skips an empty match where the previous match ended, as RE2::GlobalReplace', () => {
    expect(re2Replace('baaac', compiled('a*'), ['-'], true)).toBe('-b-c-');
    expect('baaac'.replace(/a*/g, '-')).toBe('-b--c-');
  });
  it('replaces once without replace_global', () => {
    expect(re2Replace('a1b2', compiled('\\d'), ['#'], false)).toBe('a#b2');
  });
  it('steps over a whole code point after an empty match', () => {
    expect(re2Replace('🙂x', compiled('x*'), ['-'], true)).toBe('-🙂-');
  });
});

describe('checkRegexNode', () => {
  const node = (pattern: string, rewrite = '') => ({
    name: 'clean/StaticRegexReplace',
    op: 'StaticRegexReplace',
    attr: { pattern: { s: new TextEncoder().encode(pattern) }, rewrite: { s: new TextEncoder().encode(rewrite) } },
  });
  it('refuses at load naming the op and node', () => {
    expect(() => checkRegexNode(node('(?=x)'))).toThrow("op 'StaticRegexReplace' (node 'clean/StaticRegexReplace'): regex '(?=x)': group '(?=x' cannot be translated exactly");
  });
  it('accepts a rewrite naming a group the pattern lacks: TF 2.21 then replaces nothing (op sweep strings case)', () => {
    expect(code(() => checkRegexNode(node('(a)', '\\2')))).toBeUndefined();
  });
  it('accepts a translatable pattern and rewrite', () => {
    expect(() => checkRegexNode(node('(\\w+) (\\w+)', '\\2 \\1'))).not.toThrow();
  });
});
