// Load-time attr checks of custom ops (ops/attr-checks.ts checkOpAttrs, on the graph and every While/If body): a static regex the portable engine
// cannot translate exactly from RE2 refuses the model at load, naming op and node; a translatable one serves.
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { PortableServable } from '../../../lib/engine/portable/portable-servable.ts';
import { isServingError } from '../../../lib/errors/index.ts';
import { placeholder, tinyModel } from '../../helpers/tiny-graph-model.ts';

beforeAll(async () => {
  await ensureBackend('wasm');
});

const regexModel = (pattern: string, rewrite: string) =>
  tinyModel(
    [placeholder('x', 'DT_STRING'), { name: 'clean', op: 'StaticRegexReplace', input: ['x'], attr: { pattern: `s: "${pattern}"`, rewrite: `s: "${rewrite}"`, replace_global: 'b: true' } }],
    { x: ['x:0', 'DT_STRING'] },
    { y: ['clean:0', 'DT_STRING'] },
  );

describe('static regex patterns at load', () => {
  it('refuses a lookahead (RE2 has none) naming op and node', async () => {
    const err = await PortableServable.load(regexModel('a(?=b)', 'x')).then((s) => (s.dispose(), undefined), (e: unknown) => e);
    expect(isServingError(err) && err.code).toBe('UNIMPLEMENTED');
    expect((err as Error).message).toContain("op 'StaticRegexReplace' (node 'clean')");
  });

  it('serves a translatable pattern with RE2 rewrite semantics', async () => {
    const s = await PortableServable.load(regexModel('(\\\\w+)@(\\\\w+)', '\\\\2 at \\\\1'));
    try {
      const out = await s.run('serving_default', new Map([['x', { dtype: 'DT_STRING', shape: [2], data: [new TextEncoder().encode('me@home'), new TextEncoder().encode('none')] }]]));
      expect((out.get('y')!.data as Uint8Array[]).map((b) => new TextDecoder().decode(b))).toEqual(['home at me', 'none']);
    } finally {
      s.dispose();
    }
  });
});
