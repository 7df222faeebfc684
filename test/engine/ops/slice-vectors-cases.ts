// StridedSlice / Slice over their attribute space against TensorFlow 2.21 (slice.vectors.json, made by
// scripts/generate_slice_vectors.py): every mask combination, negative indices and strides, clamping, empty
// results, ranks 0..8, Slice with size -1. Each case is a one-op SavedModel run through the portable engine;
// where TF fails the engine must fail too (never return a value). Run on each backend by
// slice-vectors.test.ts (wasm) and slice-vectors-cpu.test.ts (cpu).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BackendName, ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { PortableServable } from '../../../lib/engine/portable/portable-servable.ts';
import { isServingError } from '../../../lib/errors/index.ts';
import { constNode, placeholder, tinyModel, type TinyNode } from '../../helpers/tiny-graph-model.ts';

interface SliceCase {
  op: 'StridedSlice' | 'Slice';
  note: string;
  shape: number[];
  begin: number[];
  end?: number[];
  strides?: number[];
  size?: number[];
  begin_mask?: number;
  end_mask?: number;
  ellipsis_mask?: number;
  new_axis_mask?: number;
  shrink_axis_mask?: number;
  out_shape?: number[];
  values?: number[];
  error?: string;
}

const CASES: SliceCase[] = JSON.parse(readFileSync(join(import.meta.dirname, 'slice.vectors.json'), 'utf8')).cases;
const MASKS = ['begin_mask', 'end_mask', 'ellipsis_mask', 'new_axis_mask', 'shrink_axis_mask'] as const;

function model(c: SliceCase) {
  const vec = (name: string, v: number[]) => constNode(name, 'DT_INT32', v, [v.length]);
  const nodes: TinyNode[] = [placeholder('x', 'DT_FLOAT'), vec('begin', c.begin)];
  if (c.op === 'Slice') {
    nodes.push(vec('size', c.size!), { name: 'y', op: 'Slice', input: ['x', 'begin', 'size'], attr: { T: 'type: DT_FLOAT', Index: 'type: DT_INT32' } });
  } else {
    const attr: Record<string, string> = { T: 'type: DT_FLOAT', Index: 'type: DT_INT32' };
    for (const m of MASKS) attr[m] = `i: ${c[m] ?? 0}`;
    nodes.push(vec('end', c.end!), vec('strides', c.strides!), { name: 'y', op: 'StridedSlice', input: ['x', 'begin', 'end', 'strides'], attr });
  }
  return tinyModel(nodes, { x: ['x:0', 'DT_FLOAT'] }, { y: ['y:0', 'DT_FLOAT'] });
}

/** The engine's answer to a case: its output, or the error code of the load or the run. */
async function runCase(c: SliceCase): Promise<{ shape: number[]; values: number[] } | { code: string; message: string }> {
  const n = c.shape.reduce((a, d) => a * d, 1);
  let s: PortableServable;
  try {
    s = await PortableServable.load(model(c));
  } catch (e) {
    if (!isServingError(e)) throw e;
    return { code: `load ${e.code}`, message: e.message };
  }
  try {
    const out = await s.run('serving_default', new Map([['x', { dtype: 'DT_FLOAT', shape: c.shape, data: Float32Array.from({ length: n }, (_, i) => i) }]]));
    const y = out.get('y')!;
    return { shape: [...y.shape], values: Array.from(y.data as Float32Array) };
  } catch (e) {
    if (!isServingError(e)) throw e;
    return { code: e.code, message: e.message };
  } finally {
    s.dispose();
  }
}

export function defineSliceVectorSuites(backend: BackendName): void {
  beforeAll(async () => {
    expect(await ensureBackend(backend)).toBe(backend);
  });

  describe(`StridedSlice / Slice as TF 2.21 (${backend})`, () => {
    it.each(CASES.map((c, i) => [`${i} ${c.op} ${c.note} [${c.shape}]`, c] as const))('%s', async (_name, c) => {
      const got = await runCase(c);
      if (backend === 'wasm' && c.shape.length > 6) {
        // wasm computes ranks up to 6 and refuses larger inputs by name (portable engine's rank check).
        expect(got).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/rank at most 6/) });
      } else if (c.error) {
        expect(got).toHaveProperty('code');
        expect(['INVALID_ARGUMENT', 'load INVALID_ARGUMENT', 'load UNIMPLEMENTED']).toContain((got as { code: string }).code);
      } else {
        expect(got, JSON.stringify(got).slice(0, 300)).toEqual({ shape: c.out_shape, values: c.values });
      }
    });
  });
}
