// Load-time refusal of custom-op nodes outside their verified ground (ops/attr-checks.ts): never computed
// at request time, the load fails naming op and node.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOpAttrs } from '../../../lib/engine/ops/index.ts';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { PortableServable } from '../../../lib/engine/portable/portable-servable.ts';
import { SavedModel } from '../../../lib/savedmodel/index.ts';
import type { NodeDefMessage } from '../../../lib/savedmodel/index.ts';
import { REPO_ROOT } from '../../helpers/fixtures.ts';

const utf8 = new TextEncoder();
const einsum = (equation: string, T = 1): NodeDefMessage => ({ name: 'att/einsum', op: 'Einsum', input: ['a', 'b'], attr: { equation: { s: utf8.encode(equation) }, T: { type: T } } });
const typed = (op: string, attr: Record<string, number>): NodeDefMessage => ({ name: 'n', op, input: [], attr: Object.fromEntries(Object.entries(attr).map(([k, t]) => [k, { type: t }])) });

describe('checkOpAttrs', () => {
  it.each([
    ['abc,cde->abde'], ['aecd,abcd->acbe'], ['...ij,...jk->...ik'], ['ij->'], ['i,j->ij'], ['ij...,jk->ik...'],
  ])('accepts the verified equation %s', (eq) => {
    expect(() => checkOpAttrs(einsum(eq), 'sig')).not.toThrow();
  });

  it.each([
    ['ii->i', "label 'i' repeated within term 'ii'"],
    ['ij,jk', 'without exactly one "->"'],
    ['ij,jk,kl->il', '3 operands'],
    ['bii,bj->bj', "label 'i' repeated"],
  ])('refuses %s, naming the node', (eq, why) => {
    expect(() => checkOpAttrs(einsum(eq), 'sig')).toThrow(expect.objectContaining({ code: 'UNIMPLEMENTED', message: expect.stringContaining(why) }));
    expect(() => checkOpAttrs(einsum(eq), 'sig')).toThrow("node 'att/einsum'");
  });

  it('rejects a malformed equation as INVALID_ARGUMENT', () => {
    expect(() => checkOpAttrs(einsum('ij,jk->iz'), 'sig')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining("output label 'z'") }));
  });

  it.each([
    ['Einsum on float64', einsum('ij,jk->ik', 2), 'T=float64'],
    ['Einsum on int32', einsum('ij,jk->ik', 3), 'T=int32'],
    ['BatchMatMulV2 on half', typed('BatchMatMulV2', { T: 19 }), 'T=float16'],
    ['BatchMatMulV3 with an int32 output', typed('BatchMatMulV3', { Ta: 1, Tb: 1, Tout: 3 }), 'Tout=int32'],
    ['Erf on bfloat16', typed('Erf', { T: 14 }), 'T=bfloat16'],
    ['Erfc on float64', typed('Erfc', { T: 2 }), 'T=float64'],
  ])('refuses %s (only float32 is verified)', (_s, node, why) => {
    expect(() => checkOpAttrs(node, 'sig')).toThrow(`op '${node.op}' (node '${node.name}') with ${why} is not supported by the portable engine`);
  });

  it('accepts float32 BatchMatMulV3 and ops it has no checks for', () => {
    expect(() => checkOpAttrs(typed('BatchMatMulV3', { Ta: 1, Tb: 1, Tout: 1 }), 'sig')).not.toThrow();
    expect(() => checkOpAttrs(typed('MatMul', { T: 2 }), 'sig')).not.toThrow();
  });
});

it('refuses at load a SavedModel whose tf.einsum takes a diagonal, naming the node', async () => {
  await ensureBackend('wasm');
  const model = await SavedModel.fromDir(join(REPO_ROOT, 'test/fixtures/zoo/transformer/einsum_refused/1'));
  await expect(PortableServable.load(model)).rejects.toThrow(/Einsum equation 'ii->i': label 'i' repeated within term 'ii' is not supported by the portable engine/);
  await expect(PortableServable.load(model)).rejects.toThrow(/node '[^']*Einsum[^']*'/);
});
