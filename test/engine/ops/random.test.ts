// Random ops as TF Serving users see them: a stateful kernel whose draws move on at every request, seeded or
// not (the values themselves are TF's Philox stream, which the op sweep checks only by range and moments).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { PortableServable } from '../../../lib/engine/portable/portable-servable.ts';
import { constNode, placeholder, tinyModel } from '../../helpers/tiny-graph-model.ts';

let servable: PortableServable;

beforeAll(async () => {
  await ensureBackend('cpu');
  const seeded = (op: string) => ({ name: op, op, input: ['shape'], attr: { T: 'type: DT_INT32', dtype: 'type: DT_FLOAT', seed: 'i: 7', seed2: 'i: 3' } });
  const nodes = [
    constNode('shape', 'DT_INT32', [64]),
    seeded('RandomStandardNormal'),
    seeded('TruncatedNormal'),
    placeholder('lo', 'DT_INT32'),
    placeholder('hi', 'DT_INT32'),
    { name: 'RandomUniformInt', op: 'RandomUniformInt', input: ['shape', 'lo', 'hi'], attr: { T: 'type: DT_INT32', Tout: 'type: DT_INT32', seed: 'i: 7', seed2: 'i: 3' } },
  ];
  servable = await PortableServable.load(tinyModel(nodes, { lo: ['lo:0', 'DT_INT32'], hi: ['hi:0', 'DT_INT32'] }, {
    normal: ['RandomStandardNormal:0', 'DT_FLOAT'], truncated: ['TruncatedNormal:0', 'DT_FLOAT'], ints: ['RandomUniformInt:0', 'DT_INT32'],
  }), { backend: 'cpu' });
});
afterAll(() => servable.dispose());

const feeds = (lo: number, hi: number) => new Map([
  ['lo', { dtype: 'DT_INT32' as const, shape: [], data: Int32Array.of(lo) }],
  ['hi', { dtype: 'DT_INT32' as const, shape: [], data: Int32Array.of(hi) }],
]);

it('draws new values at every request even when the node is seeded', async () => {
  const a = await servable.run('serving_default', feeds(0, 1000));
  const b = await servable.run('serving_default', feeds(0, 1000));
  for (const name of ['normal', 'truncated', 'ints']) expect([...a.get(name)!.data as Float32Array]).not.toEqual([...b.get(name)!.data as Float32Array]);
});

it('draws RandomUniformInt from the minval and maxval inputs', async () => {
  const out = [...(await servable.run('serving_default', feeds(-3, 2))).get('ints')!.data as Int32Array];
  expect(Math.min(...out)).toBeGreaterThanOrEqual(-3);
  expect(Math.max(...out)).toBeLessThanOrEqual(1);
  expect(new Set(out).size).toBeGreaterThan(2);
});

it('fails an empty range as TF does', async () => {
  await expect(servable.run('serving_default', feeds(2, 2))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('Need minval < maxval, got 2 >= 2') });
});

it('refuses float64 draws at load', async () => {
  const nodes = [constNode('shape', 'DT_INT32', [4]), { name: 'n', op: 'RandomStandardNormal', input: ['shape'], attr: { T: 'type: DT_INT32', dtype: 'type: DT_DOUBLE' } }];
  await expect(PortableServable.load(tinyModel(nodes, {}, { y: ['n:0', 'DT_DOUBLE'] }), { backend: 'cpu' })).rejects.toMatchObject({ code: 'UNIMPLEMENTED' });
});
