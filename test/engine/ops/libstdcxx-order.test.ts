// libstdcxx-order.ts against libstdc++ itself: std::sort and std::priority_queue orders of tied keys, written by
// scripts/libstdcxx-order/gen_vectors.cc (g++); CombinedNonMaxSuppression ranks its candidates with them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StdPriorityQueue, stdSort } from '../../../lib/engine/ops/libstdcxx-order.ts';

interface Vector { keys: number[]; sorted: number[]; popped: number[] }
const { cases } = JSON.parse(readFileSync(join(import.meta.dirname, 'libstdcxx-order.vectors.json'), 'utf8')) as { cases: Vector[] };
const label = (v: Vector) => `${v.keys.length} keys, ${new Set(v.keys).size} distinct`;

describe('libstdc++ orders among equal keys', () => {
  it('has vectors past the 16-element insertion sort with ties', () => {
    expect(cases.some((v) => v.keys.length > 16 && new Set(v.keys).size < v.keys.length / 4)).toBe(true);
  });

  it.each(cases.map((v) => [label(v), v] as const))('std::sort descending by key: %s', (_l, v) => {
    const items = v.keys.map((key, id) => ({ id, key }));
    stdSort(items, (a, b) => b.key < a.key);
    expect(items.map((x) => x.id)).toEqual(v.sorted);
  });

  it.each(cases.map((v) => [label(v), v] as const))('std::priority_queue pops: %s', (_l, v) => {
    const q = new StdPriorityQueue<{ id: number; key: number }>((a, b) => a.key < b.key);
    v.keys.forEach((key, id) => q.push({ id, key }));
    const popped: number[] = [];
    while (q.size > 0) popped.push(q.pop().id);
    expect(popped).toEqual(v.popped);
  });
});
