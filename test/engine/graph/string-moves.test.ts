// Movers tfjs refuses on strings (Transpose, ReverseV2, BroadcastTo, Split) run on positions
// (graph/string-moves.ts) and give TensorFlow's answers on wasm.
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { PortableServable } from '../../../lib/engine/portable/portable-servable.ts';
import { constNode, placeholder, tinyModel, type TinyNode } from '../../helpers/tiny-graph-model.ts';

beforeAll(async () => {
  await ensureBackend('wasm');
});

const S = { T: 'type: DT_STRING' };
const enc = (v: string[]) => v.map((s) => new TextEncoder().encode(s));
const dec = (v: unknown) => (v as Uint8Array[]).map((b) => new TextDecoder().decode(b));

async function run(nodes: TinyNode[], outputs: string[]) {
  const io = Object.fromEntries(outputs.map((o) => [o.replace(':', '_'), [o, 'DT_STRING'] as [string, string]]));
  const s = await PortableServable.load(tinyModel([placeholder('x', 'DT_STRING'), ...nodes], { x: ['x:0', 'DT_STRING'] }, io));
  try {
    const out = await s.run('serving_default', new Map([['x', { dtype: 'DT_STRING', shape: [2, 3], data: enc(['a', 'b', 'c', 'd', 'e', 'f']) }]]));
    return Object.fromEntries([...out].map(([k, v]) => [k, { shape: v.shape, values: dec(v.data) }]));
  } finally {
    s.dispose();
  }
}

describe('string movers on positions', () => {
  it('transposes, reverses and broadcasts strings', async () => {
    const out = await run(
      [
        constNode('perm', 'DT_INT32', [1, 0]),
        { name: 't', op: 'Transpose', input: ['x', 'perm'], attr: { ...S, Tperm: 'type: DT_INT32' } },
        constNode('axis', 'DT_INT32', [1]),
        { name: 'r', op: 'ReverseV2', input: ['x', 'axis'], attr: { ...S, Tidx: 'type: DT_INT32' } },
        constNode('shape', 'DT_INT32', [2, 2, 3]),
        { name: 'b', op: 'BroadcastTo', input: ['x', 'shape'], attr: { ...S, Tidx: 'type: DT_INT32' } },
      ],
      ['t:0', 'r:0', 'b:0'],
    );
    expect(out.t_0).toEqual({ shape: [3, 2], values: ['a', 'd', 'b', 'e', 'c', 'f'] });
    expect(out.r_0).toEqual({ shape: [2, 3], values: ['c', 'b', 'a', 'f', 'e', 'd'] });
    expect(out.b_0).toEqual({ shape: [2, 2, 3], values: ['a', 'b', 'c', 'd', 'e', 'f', 'a', 'b', 'c', 'd', 'e', 'f'] });
  });

  it('splits strings into several outputs', async () => {
    const out = await run(
      [constNode('dim', 'DT_INT32', [1], []), { name: 's', op: 'Split', input: ['dim', 'x'], attr: { ...S, num_split: 'i: 3' } }],
      ['s:0', 's:2'],
    );
    expect(out.s_0).toEqual({ shape: [2, 1], values: ['a', 'd'] });
    expect(out.s_2).toEqual({ shape: [2, 1], values: ['c', 'f'] });
  });
});
