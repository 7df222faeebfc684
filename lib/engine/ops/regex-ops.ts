// TensorFlow's regex ops over RE2 patterns translated by re2-syntax.ts:
//   StaticRegexReplace / RegexReplace: RE2::GlobalReplace (replace_global) or RE2::Replace — including RE2's
//     rule that an empty match right where the previous match ended is skipped (`a*` over "baaac" with "-"
//     gives "-b-c-", where String.prototype.replace gives "-b--c-"); rewrites use RE2's `\0`–`\9` and `\\`;
//   StaticRegexFullMatch / RegexFullMatch: RE2::FullMatch.
// Inputs must be valid UTF-8 (RE2 runs in UTF-8 mode in TensorFlow); other bytes are refused per request.
// Static patterns are translated at load (checkRegexNode), so an untranslatable one refuses the model.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import type { NodeDefMessage } from '../../savedmodel/index.ts';
import type { OpTable } from './index.ts';
import { translateRe2 } from './re2-syntax.ts';
import { boolAttr, bytesAttr } from './raw-attrs.ts';

interface Compiled {
  re: RegExp;
  groups: number;
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();
const CACHE = new Map<string, Compiled>();

function compile(pattern: string): Compiled {
  let c = CACHE.get(pattern);
  if (!c) {
    const t = translateRe2(pattern);
    c = { re: new RegExp(t.source, t.flags + 'g'), groups: t.groups };
    if (CACHE.size > 256) CACHE.clear();
    CACHE.set(pattern, c);
  }
  return c;
}

/** A rewrite string as literal pieces and group numbers (RE2::Rewrite / CheckRewriteString). */
type Rewrite = (string | number)[];

/**
 * undefined when the rewrite names a group the pattern lacks: RE2::Replace / GlobalReplace then replace
 * nothing (they check 1 + MaxSubmatch(rewrite) against the groups), so TF returns the input unchanged.
 */
function parseRewrite(rewrite: string, groups: number): Rewrite | undefined {
  const parts: Rewrite = [];
  let text = '';
  let missing = false;
  for (let i = 0; i < rewrite.length; i++) {
    const c = rewrite[i];
    if (c !== '\\') {
      text += c;
      continue;
    }
    const n = rewrite[++i];
    if (n === '\\') text += '\\';
    else if (n !== undefined && n >= '0' && n <= '9') {
      const g = Number(n);
      if (g > groups) missing = true;
      if (text) parts.push(text);
      text = '';
      parts.push(g);
    } else throw new ServingError('INVALID_ARGUMENT', 'Invalid rewrite pattern: Rewrite schema error: \'\\\' must be followed by a digit or \'\\\'.');
  }
  if (text) parts.push(text);
  return missing ? undefined : parts;
}

function text(bytes: Uint8Array, op: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new ServingError('UNIMPLEMENTED', `${op}: input is not valid UTF-8, which the portable engine's regex ops do not support`);
  }
}

/** RE2::GlobalReplace (or Replace, once) of `s`. */
export function re2Replace(s: string, c: Compiled, rewrite: Rewrite, global: boolean): string {
  const re = c.re;
  let out = '';
  let p = 0;
  let lastEnd = -1;
  while (p <= s.length) {
    re.lastIndex = p;
    const m = re.exec(s);
    if (!m) break;
    const start = m.index;
    const end = start + m[0].length;
    out += s.slice(p, start);
    if (start === lastEnd && m[0].length === 0) {
      // Disallow an empty match where the last match ended: copy one character and go on.
      if (start >= s.length) break;
      const step = s.codePointAt(start)! > 0xffff ? 2 : 1;
      out += s.slice(start, start + step);
      p = start + step;
      continue;
    }
    for (const part of rewrite) out += typeof part === 'number' ? (m[part] ?? '') : part;
    p = end;
    lastEnd = end;
    if (!global) break;
  }
  return out + s.slice(p);
}

function strings(t: tf.Tensor): Uint8Array[] {
  return tf.engine().readSync(t.dataId) as unknown as Uint8Array[];
}

const attrText = (node: GraphNode, name: string) => new TextDecoder().decode(bytesAttr(node, name, new Uint8Array(0)));

function replaceAll(op: string, input: tf.Tensor, pattern: string, rewrite: string, global: boolean): tf.Tensor {
  const c = compile(pattern);
  const rw = parseRewrite(rewrite, c.groups);
  const out = strings(input).map((b) => (rw ? encoder.encode(re2Replace(text(b, op), c, rw, global)) : b));
  return tf.tensor(out, input.shape, 'string');
}

function scalarText(t: tf.Tensor, what: string): string {
  if (t.rank !== 0) throw new ServingError('INVALID_ARGUMENT', `${what} must be scalar, but received [${t.shape.join(',')}]`);
  return text(strings(t)[0], what);
}

function matchAll(op: string, input: tf.Tensor, pattern: string): tf.Tensor {
  const c = compile(pattern);
  // Sticky at 0 and nothing after: the whole string, with backtracking into the pattern as RE2::FullMatch.
  const full = new RegExp(`(?:${c.re.source})(?![\\s\\S])`, c.re.flags.replace('g', '') + 'y');
  const out = strings(input).map((b) => {
    full.lastIndex = 0;
    return full.test(text(b, op)) ? 1 : 0;
  });
  return tf.tensor(out, input.shape, 'bool');
}

export const REGEX_OPS: OpTable = {
  StaticRegexReplace: (node) => replaceAll('StaticRegexReplace', node.inputs[0], attrText(node, 'pattern'), attrText(node, 'rewrite'), boolAttr(node, 'replace_global', true)),
  RegexReplace: (node) => {
    const [input, pattern, rewrite] = node.inputs;
    return replaceAll('RegexReplace', input, scalarText(pattern, 'Pattern'), scalarText(rewrite, 'Rewrite'), boolAttr(node, 'replace_global', true));
  },
  StaticRegexFullMatch: (node) => matchAll('StaticRegexFullMatch', node.inputs[0], attrText(node, 'pattern')),
  RegexFullMatch: (node) => {
    const [input, pattern] = node.inputs;
    return matchAll('RegexFullMatch', input, scalarText(pattern, 'Pattern tensor'));
  },
};

/** Load-time check of a static regex node: its pattern must translate and its rewrite must be valid. */
export function checkRegexNode(node: NodeDefMessage): void {
  const s = (name: string) => new TextDecoder().decode(node.attr?.[name]?.s ?? new Uint8Array(0));
  try {
    const c = compile(s('pattern'));
    if (node.op === 'StaticRegexReplace') parseRewrite(s('rewrite'), c.groups);
  } catch (e) {
    if (e instanceof ServingError) throw new ServingError(e.code, `op '${node.op}' (node '${node.name}'): ${e.message}`);
    throw e;
  }
}
