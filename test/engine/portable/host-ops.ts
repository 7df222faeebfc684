// The v1 executor's host-side ops (host-elementwise.ts, host-split.ts, v1-select.ts) against the backend's own
// kernels and tfjs ops on the same inputs: the same dtype, shape and float32 values (Object.is: -0 and NaN told
// apart from 0 and numbers), including overflow, infinities, subnormals and NaN; the cases they do not take
// answer undefined; nothing is left behind. Run per backend: host-ops-{wasm,cpu}.test.ts.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BackendName, ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { HOST_BINARY, hostBinary } from '../../../lib/engine/portable/host-elementwise.ts';
import { hostSplit } from '../../../lib/engine/portable/host-split.ts';
import { hostSelect } from '../../../lib/engine/portable/v1-select.ts';

/** The kernel tfjs-converter's executor reaches for each op (lean-ops.ts, tfjs-core ops/*.ts). */
const KERNEL: Record<string, string> = {
  Add: 'Add', AddV2: 'Add', BiasAdd: 'Add', Sub: 'Sub', Mul: 'Multiply', RealDiv: 'RealDiv', Less: 'Less', LessEqual: 'LessEqual',
  Greater: 'Greater', GreaterEqual: 'GreaterEqual', LogicalAnd: 'LogicalAnd', LogicalOr: 'LogicalOr', Maximum: 'Maximum', Minimum: 'Minimum',
};

const SPECIAL = [0, -0, 1, -1, 0.1, 1e-40, -3e-39, 3.4e38, -3.4e38, Infinity, -Infinity, NaN, 7, 2.5, 1 / 3, 1e-7];
const floats = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? SPECIAL[(i + seed) % SPECIAL.length] : Math.sin(seed * 7.1 + i * 1.3) * 10 ** ((i + seed) % 9 - 4)));
const ints = (n: number, seed: number) => Int32Array.from({ length: n }, (_, i) => [2147483647, -2147483648, 0, -1, 1, 65537, -40000][(i + seed) % 7] + ((i * 7919 * seed) % 1000));
const bools = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => ((i * 5 + seed) % 3 === 0 ? 1 : 0));
const values = (dtype: string, n: number, seed: number) => (dtype === 'float32' ? floats(n, seed) : dtype === 'int32' ? ints(n, seed) : bools(n, seed));

const same = (a: tf.Tensor, b: tf.Tensor) => {
  expect(a.dtype).toBe(b.dtype);
  expect(a.shape).toEqual(b.shape);
  const x = Array.from(a.dataSync() as Float32Array), y = Array.from(b.dataSync() as Float32Array);
  expect(x.length).toBe(y.length);
  const diff = x.findIndex((v, i) => !Object.is(v, y[i]));
  expect(diff < 0 ? undefined : `element ${diff}: ${x[diff]} vs ${y[diff]}`).toBeUndefined();
};

const SHAPES: [string, number[], number[]][] = [
  ['one shape', [4, 8], [4, 8]],
  ['a scalar operand', [4, 8], []],
  ['a one-element operand', [1], [3, 5]],
  ['a bias over the last axis', [4, 8], [8]],
  ['scalars', [], []],
];

export function defineHostOpSuites(backend: BackendName): void {
  let be: tf.KernelBackend;
  beforeAll(async () => {
    expect(await ensureBackend(backend)).toBe(backend);
    be = tf.findBackend(backend)!;
  });

  describe(`host elementwise ops (${backend})`, () => {
    const cases = Object.entries(HOST_BINARY).flatMap(([op, h]) => Object.keys(h.codes).flatMap((dtype) => SHAPES.map(([what, sa, sb]) => [op, dtype, what, sa, sb] as const)));
    it.each(cases)('%s on %s, %s, gives the kernel\'s answer', (op, dtype, _what, sa, sb) => {
      const before = tf.memory().numTensors;
      const a = tf.tensor(values(dtype, tf.util.sizeFromShape(sa), 1), sa, dtype as tf.DataType);
      const b = tf.tensor(values(dtype, tf.util.sizeFromShape(sb), 5), sb, dtype as tf.DataType);
      for (const [x, y] of [[a, b], [b, a]]) {
        const ours = hostBinary(HOST_BINARY[op], be, x, y)!;
        const theirs = tf.engine().runKernel(KERNEL[op], { a: x, b: y }) as tf.Tensor;
        expect(ours).toBeDefined();
        same(ours, theirs);
        tf.dispose([ours, theirs]);
      }
      tf.dispose([a, b]);
      expect(tf.memory().numTensors).toBe(before);
    });

    it.each([
      ['a broadcast that makes a new shape', [1, 1], [3], 'float32'],
      ['a broadcast of a middle axis', [4, 1], [4, 8], 'float32'],
      ['more elements than tiny', [2000], [2000], 'float32'],
      ['two dtypes', [2], [2], 'mixed'],
    ] as const)('leaves %s to the kernel', (_what, sa, sb, dtype) => {
      const a = tf.tensor(floats(tf.util.sizeFromShape([...sa]), 1), [...sa], 'float32');
      const b = tf.tensor(ints(tf.util.sizeFromShape([...sb]), 2), [...sb], dtype === 'mixed' ? 'int32' : 'float32');
      expect(hostBinary(HOST_BINARY.AddV2, be, a, b)).toBeUndefined();
      tf.dispose([a, b]);
    });

    it('leaves int32 Mul and RealDiv to the kernel', () => {
      const a = tf.tensor([6, 7], [2], 'int32');
      expect(hostBinary(HOST_BINARY.Mul, be, a, a)).toBeUndefined();
      expect(hostBinary(HOST_BINARY.RealDiv, be, a, a)).toBeUndefined();
      a.dispose();
    });
  });

  describe(`host split (${backend})`, () => {
    it.each([
      [[3, 8], 1, 4], [[3, 8], 0, 3], [[2, 3, 4], 0, 2], [[2, 3, 4], 1, 3], [[2, 3, 4], 2, 2], [[6], 0, 1],
    ])('splits %j along axis %i into %i pieces as tf.split does', (shape, axis, num) => {
      for (const dtype of ['float32', 'int32', 'bool'] as const) {
        const x = tf.tensor(values(dtype, tf.util.sizeFromShape(shape), 3), shape, dtype);
        const ours = hostSplit(be, x, axis, num)!;
        const theirs = tf.split(x, num, axis);
        expect(ours).toHaveLength(num);
        ours.forEach((t, i) => same(t, theirs[i]));
        tf.dispose([x, ...ours, ...theirs]);
      }
    });

    it('unstacks rows as tf.unstack does', () => {
      const x = tf.tensor(floats(5 * 3 * 4, 2), [5, 3, 4]);
      const ours = hostSplit(be, x, 0, 5, true)!;
      const theirs = tf.unstack(x);
      ours.forEach((t, i) => same(t, theirs[i]));
      tf.dispose([x, ...ours, ...theirs]);
    });

    it('leaves an uneven split and an axis out of range to tfjs', () => {
      const x = tf.tensor(floats(6, 1), [2, 3]);
      expect(hostSplit(be, x, 1, 2)).toBeUndefined();
      expect(hostSplit(be, x, 2, 1)).toBeUndefined();
      x.dispose();
    });
  });

  describe(`host Select / SelectV2 (${backend})`, () => {
    const pick = (rows: boolean, c: tf.Tensor, x: tf.Tensor, y: tf.Tensor) => hostSelect(be, rows).run([c, x, y]);

    /** TensorFlow's pick (cwise_op_select.cc), written out: a vector condition picks rows, else elements. */
    const expected = (c: tf.Tensor, x: tf.Tensor, y: tf.Tensor) => {
      const cv = c.dataSync(), xv = x.dataSync(), yv = y.dataSync();
      const row = x.size / c.size;
      return tf.tensor(Array.from(xv, (v, i) => (cv[c.size === 1 ? 0 : Math.floor(i / row)] ? v : yv[i])), x.shape, x.dtype);
    };

    it.each([
      ['picks whole rows with a vector condition (Select v1)', [3], [3, 4]],
      ['picks elementwise', [3, 4], [3, 4]],
      ['picks everything with a scalar condition', [], [3, 4]],
    ] as const)('%s as TensorFlow does', (_what, cs, xs) => {
      for (const dtype of ['float32', 'int32', 'bool'] as const) {
        const c = tf.tensor(bools(tf.util.sizeFromShape([...cs]), 1), [...cs], 'bool');
        const x = tf.tensor(values(dtype, 12, 2), [...xs], dtype);
        const y = tf.tensor(values(dtype, 12, 9), [...xs], dtype);
        const ours = pick(true, c, x, y)!;
        const theirs = expected(c, x, y);
        same(ours[0], theirs);
        tf.dispose([c, x, y, ...ours, theirs]);
      }
    });

    it('broadcasts single elements for SelectV2 as tf.where does', () => {
      const c = tf.tensor(bools(12, 4), [3, 4], 'bool');
      const x = tf.tensor(floats(12, 3), [3, 4]);
      const y = tf.scalar(0);
      const ours = pick(false, c, x, y)!;
      const theirs = tf.tidy(() => tf.where(c, x, tf.zerosLike(x))); // y is the scalar 0
      same(ours[0], theirs);
      tf.dispose([c, x, y, ...ours, theirs]);
    });

    it('leaves other shapes, strings and non-bool conditions to tfjs', () => {
      const c = tf.tensor([1, 0, 1], [3], 'bool');
      const x = tf.tensor(floats(12, 1), [3, 4]);
      const wide = tf.tensor(floats(4, 1), [1, 4]);
      const s = tf.tensor(['a', 'b', 'c']);
      const f = tf.tensor([1, 0, 1]);
      expect(pick(false, c, x, x)).toBeUndefined(); // SelectV2 broadcasts [3] against [3,4] from the right: not taken
      expect(pick(true, tf.reshape(c, [3, 1]), x, wide)).toBeUndefined();
      expect(pick(true, c, s, s)).toBeUndefined();
      expect(pick(true, f, f, f)).toBeUndefined();
      tf.dispose([c, x, wide, s, f]);
    });
  });
}
