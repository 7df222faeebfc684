import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { numElements } from '../../lib/tensor/host-tensor.ts';
import { modelFilesFromMap, readModelDir } from '../../lib/savedmodel/model-files.ts';
import { TensorBundle } from '../../lib/savedmodel/tensor-bundle.ts';
import { bundleFiles, le, utf8, writeBundle } from '../helpers/bundle-writer.ts';
import { hasSharedFixtures, SHARED_FIXTURES, versionDirs } from '../helpers/fixtures.ts';

const checkpointDirs = ['tfserving', 'models']
  .flatMap((root) => versionDirs(join(SHARED_FIXTURES, root)))
  .filter((v) => existsSync(join(v.dir, 'variables', 'variables.index')));

async function openFixture(model: string, version = '00000123'): Promise<TensorBundle> {
  return TensorBundle.open(await readModelDir(join(SHARED_FIXTURES, model, version)));
}

const scalar = (b: TensorBundle, key: string) => Array.from(b.readTensor(key).data as Float32Array);

describe.skipIf(!hasSharedFixtures)('TensorBundle over every TensorFlow-made checkpoint in the fixtures', () => {
  it('finds the checkpoints', () => {
    expect(checkpointDirs.length).toBeGreaterThanOrEqual(13);
  });

  it.each(checkpointDirs.map((v) => [`${v.model}/${v.version}`, v.dir]))('%s opens, lists keys and verifies', async (_name, dir) => {
    const bundle = TensorBundle.open(await readModelDir(dir));
    expect(bundle.keys().length).toBeGreaterThan(0);
    expect(bundle.verifyAll()).toEqual([]);
    for (const key of bundle.keys()) {
      const t = bundle.readTensor(key);
      expect(t.dtype).toBe(bundle.entry(key).dtype);
      expect(t.data.length).toBe(numElements(t.shape));
    }
  });

  it('reads half_plus_two: a = 0.5, b = 2, c = 3', async () => {
    const b = await openFixture('tfserving/saved_model_half_plus_two_cpu');
    expect(b.keys()).toEqual(['a', 'a2', 'b', 'c', 'c2']);
    expect(b.entry('a')).toMatchObject({ dtype: 'DT_FLOAT', shape: [], shardId: 0, size: 4, slices: [] });
    expect([scalar(b, 'a'), scalar(b, 'b'), scalar(b, 'c')]).toEqual([[0.5], [2], [3]]);
  });

  it('reads half_plus_three: a = 0.5, b = 3, c = 3', async () => {
    const b = await openFixture('tfserving/saved_model_half_plus_three');
    expect(b.keys()).toEqual(['a', 'b', 'c']);
    expect([scalar(b, 'a'), scalar(b, 'b'), scalar(b, 'c')]).toEqual([[0.5], [3], [3]]);
  });

  it('reads the TF2 object-graph keys and the 631-byte _CHECKPOINTABLE_OBJECT_GRAPH string', async () => {
    const b = await openFixture('tfserving/saved_model_half_plus_two_tf2_cpu');
    expect(b.keys()).toEqual([
      '_CHECKPOINTABLE_OBJECT_GRAPH',
      'a/.ATTRIBUTES/VARIABLE_VALUE',
      'b/.ATTRIBUTES/VARIABLE_VALUE',
      'c/.ATTRIBUTES/VARIABLE_VALUE',
    ]);
    expect(scalar(b, 'a/.ATTRIBUTES/VARIABLE_VALUE')).toEqual([0.5]);
    const graph = b.readTensor('_CHECKPOINTABLE_OBJECT_GRAPH');
    expect(graph).toMatchObject({ dtype: 'DT_STRING', shape: [] });
    const [bytes] = graph.data as Uint8Array[];
    expect(bytes.length).toBe(631); // TF 2.21's; TF Serving's own file (an older TensorFlow) has 613
    expect(Buffer.from(bytes).toString('latin1')).toContain('VARIABLE_VALUE');
  });

  it('reads a TF1 builder checkpoint by variable name', async () => {
    const b = await openFixture('models/tf1_builder_multi', '1');
    expect(scalar(b, 'offset')).toEqual([0.5, -1]);
    expect(scalar(b, 'scale')).toEqual([2, 3]);
    expect(b.readTensor('reg/w')).toMatchObject({ dtype: 'DT_FLOAT', shape: [1, 1], data: Float32Array.of(0.75) });
  });

  it('reads Keras weights with their shapes', async () => {
    const b = await openFixture('models/keras_digits_mlp', '2');
    expect(b.readTensor('variables/0/.ATTRIBUTES/VARIABLE_VALUE').shape).toEqual([64, 32]);
    expect(b.readTensor('variables/0/.ATTRIBUTES/VARIABLE_VALUE').data).toEqual(b.readTensor('_all_variables/0/.ATTRIBUTES/VARIABLE_VALUE').data);
  });
});

describe('TensorBundle round trips through the test writer', () => {
  const BIG = 2n ** 60n + 1n; // not representable as a double: int64 must stay exact
  const tensors = [
    { key: 'byte', dtype: 'DT_UINT8', shape: [3], data: Uint8Array.of(1, 2, 255) }, // leaves later offsets unaligned
    { key: 'f32', dtype: 'DT_FLOAT', shape: [2, 2], data: le(Float32Array.of(1.5, -2, 0, 3.25)) },
    { key: 'f64', dtype: 'DT_DOUBLE', shape: [2], data: le(Float64Array.of(Math.PI, -0)) },
    { key: 'i64', dtype: 'DT_INT64', shape: [2], data: le(BigInt64Array.of(-BIG, BIG)) },
    { key: 'u64', dtype: 'DT_UINT64', shape: [1], data: le(BigUint64Array.of(2n ** 64n - 1n)) },
    { key: 'i32', dtype: 'DT_INT32', shape: [], data: le(Int32Array.of(-7)) },
    { key: 'i16', dtype: 'DT_INT16', shape: [1], data: le(Int16Array.of(-300)) },
    { key: 'i8', dtype: 'DT_INT8', shape: [1], data: le(Int8Array.of(-8)) },
    { key: 'u16', dtype: 'DT_UINT16', shape: [1], data: le(Uint16Array.of(65535)) },
    { key: 'u32', dtype: 'DT_UINT32', shape: [1], data: le(Uint32Array.of(4e9)) },
    { key: 'half', dtype: 'DT_HALF', shape: [1], data: le(Uint16Array.of(0x3c00)) },
    { key: 'bf16', dtype: 'DT_BFLOAT16', shape: [1], data: le(Uint16Array.of(0x3f80)) },
    { key: 'flag', dtype: 'DT_BOOL', shape: [2], data: Uint8Array.of(1, 0) },
    { key: 'empty', dtype: 'DT_FLOAT', shape: [0, 3], data: new Uint8Array() },
    { key: 'words', dtype: 'DT_STRING', shape: [4], data: [utf8('héllo'), new Uint8Array(), Uint8Array.of(0x80, 0, 0xff), new Uint8Array(300).fill(7)] },
    { key: 'no_words', dtype: 'DT_STRING', shape: [0], data: [] },
    { key: 'ünïcode/名前', dtype: 'DT_INT32', shape: [1], data: le(Int32Array.of(42)) },
  ];
  let bundle: TensorBundle;
  beforeAll(() => {
    bundle = TensorBundle.open(bundleFiles(tensors.map((t, i) => ({ ...t, shard: t.key === 'f32' ? 0 : i % 3 })), { numShards: 3, snappy: true, blockSize: 64 }));
  });

  it('lists every key in byte order, with UTF-8 names decoded', () => {
    expect(bundle.keys()).toEqual(tensors.map((t) => t.key).sort((a, b) => Buffer.compare(utf8(a), utf8(b))));
    expect(bundle.has('ünïcode/名前')).toBe(true);
  });

  it.each(tensors.map((t) => [t.key, t]))('reads %s back exactly', (key, t) => {
    const got = bundle.readTensor(key);
    expect(got.dtype).toBe(t.dtype);
    expect(got.shape).toEqual(t.shape);
    if (t.dtype === 'DT_STRING') expect((got.data as Uint8Array[]).map((e) => [...e])).toEqual((t.data as Uint8Array[]).map((e) => [...e]));
    else expect([...new Uint8Array((got.data as Uint8Array).buffer, (got.data as Uint8Array).byteOffset, (got.data as Uint8Array).byteLength)]).toEqual([...(t.data as Uint8Array)]);
  });

  it('returns the right typed arrays, exact for int64 and unaligned offsets', () => {
    expect(bundle.entry('f32').offset).toBe(3); // after the 3 bytes of 'byte' in shard 0
    expect(bundle.entry('i64').offset % 8).not.toBe(0);
    expect(bundle.readTensor('f32').data).toEqual(Float32Array.of(1.5, -2, 0, 3.25));
    expect(bundle.readTensor('i64').data).toEqual(BigInt64Array.of(-BIG, BIG));
    expect(bundle.readTensor('u64').data).toEqual(BigUint64Array.of(2n ** 64n - 1n));
    expect(bundle.readTensor('half').data).toBeInstanceOf(Uint16Array);
    expect(bundle.readTensor('flag').data).toEqual(Uint8Array.of(1, 0));
  });

  it('views aligned data in place instead of copying it', () => {
    const files = writeBundle([{ key: 'w', dtype: 'DT_FLOAT', shape: [2], data: le(Float32Array.of(1, 2)) }]);
    const shard = files.get('variables/variables.data-00000-of-00001')!;
    const t = TensorBundle.open(modelFilesFromMap(files)).readTensor('w');
    expect((t.data as Float32Array).buffer).toBe(shard.buffer);
  });

  it('reports where each entry lives', () => {
    expect(bundle.entry('i64')).toMatchObject({ key: 'i64', dtype: 'DT_INT64', shape: [2], shardId: 3 % 3, size: 16 });
    expect(bundle.verifyAll()).toEqual([]);
  });

  it('reads a bundle with no tensors', () => {
    const empty = TensorBundle.open(bundleFiles([]));
    expect(empty.keys()).toEqual([]);
    expect(empty.verifyAll()).toEqual([]);
  });

  it('opens a bundle under another prefix', () => {
    const files = bundleFiles([{ key: 'x', dtype: 'DT_INT8', shape: [1], data: Uint8Array.of(1) }], { prefix: 'ckpt/model' });
    expect(TensorBundle.open(files, 'ckpt/model').keys()).toEqual(['x']);
  });
});

describe('TensorBundle lookups and unsupported dtypes', () => {
  const files = bundleFiles([
    { key: 'c64', dtype: 'DT_COMPLEX64', shape: [1], data: le(Float32Array.of(1, 2)) },
    { key: 'variant', dtype: 'DT_VARIANT', shape: [], data: Uint8Array.of(1, 2, 3) },
    { key: 'w', dtype: 'DT_FLOAT', shape: [1], data: le(Float32Array.of(1)) },
  ]);

  it('throws NOT_FOUND for a key the checkpoint lacks', () => {
    const b = TensorBundle.open(files);
    expect(b.has('nope')).toBe(false);
    expect(() => b.readTensor('nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: 'Key nope not found in checkpoint variables/variables' }));
  });

  it('refuses dtypes a host tensor cannot carry, naming key and dtype', () => {
    const b = TensorBundle.open(files);
    expect(b.entry('c64').dtype).toBe('DT_COMPLEX64');
    expect(() => b.readTensor('c64')).toThrow(expect.objectContaining({ code: 'UNIMPLEMENTED', message: expect.stringMatching(/'c64'.*DT_COMPLEX64/) }));
    expect(() => b.readTensor('variant')).toThrow(expect.objectContaining({ code: 'UNIMPLEMENTED' }));
  });

  it('still checksums unsupported memcpy dtypes in verifyAll, and names what it cannot verify', () => {
    expect(TensorBundle.open(files).verifyAll()).toEqual(['variant']);
  });
});
