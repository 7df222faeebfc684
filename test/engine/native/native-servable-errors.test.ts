// What the native engine refuses, at load (dtypes it cannot carry exactly) or per request (TensorFlow's own
// run-time errors become INVALID_ARGUMENT), on the committed models so it runs without ../shared.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NativeServable } from '../../../lib/engine/index.ts';
import type { HostTensor } from '../../../lib/engine/index.ts';
import { isServingError } from '../../../lib/errors/index.ts';
import { modelFilesFromMap, readModelDir, SavedModel } from '../../../lib/savedmodel/index.ts';
import { REPO_ROOT } from '../../helpers/fixtures.ts';
import { nativeAvailable } from './native-available.ts';
import { HALF_PLUS_TWO_V1 } from '../../helpers/model-dirs.ts';

const x = (...values: number[]): Map<string, HostTensor> => new Map([['x', { dtype: 'DT_FLOAT', shape: [values.length], data: Float32Array.from(values) }]]);

async function errorOf(p: Promise<unknown>) {
  const err = await p.then(() => undefined, (e) => e);
  expect(isServingError(err)).toBe(true);
  return err;
}

describe.skipIf(!nativeAvailable)('NativeServable refusals', () => {
  // float64 inputs (dtypes_model's 'compute') now run through dtype-bridge.ts (zoo-native.test.ts checks the answers);
  // complex64 is still a dtype the engine cannot feed.
  it('refuses at load a signature with a complex64 input, naming the signature and the input', async () => {
    const err = await errorOf(NativeServable.load(await SavedModel.fromDir(join(REPO_ROOT, 'test/fixtures/heavy/complex_input/1'))));
    expect(err.code).toBe('UNIMPLEMENTED');
    expect(err.message).toMatch(/signature 'serving_default' input 'z' has dtype DT_COMPLEX64/);
  });

  it('answers, then refuses unknown signatures, missing inputs and unknown outputs like TF Serving', async () => {
    const servable = await NativeServable.load(await SavedModel.fromDir(HALF_PLUS_TWO_V1));
    try {
      expect(servable.signatures().map((s) => s.key)).toEqual(['classify_x_to_y', 'regress_x_to_y', 'serving_default']);
      const y = (await servable.run('serving_default', x(1, 2))).get('y')!;
      expect([...y.data as Float32Array]).toEqual([2.5, 3]);
      expect(servable.memoryBytes()).toBeGreaterThan(0);

      const noSig = await errorOf(servable.run('nope', x(1)));
      expect([noSig.code, noSig.message]).toEqual(['INVALID_ARGUMENT', 'Serving signature key "nope" not found.']);
      const missing = await errorOf(servable.run('serving_default', new Map()));
      expect([missing.code, missing.message]).toEqual(['INVALID_ARGUMENT', "input 'x' is missing"]);
      const output = await errorOf(servable.run('serving_default', x(1), ['z']));
      expect(output.message).toBe('output tensor alias not found in signature: z Outputs expected to be in the set {y}.');
    } finally {
      servable.dispose();
    }
  });

  it("turns TensorFlow's run-time errors into INVALID_ARGUMENT with TensorFlow's message", async () => {
    const servable = await NativeServable.load(await SavedModel.fromDir(HALF_PLUS_TWO_V1));
    try {
      const ints: Map<string, HostTensor> = new Map([['x', { dtype: 'DT_INT32', shape: [1], data: Int32Array.of(1) }]]);
      const err = await errorOf(servable.run('serving_default', ints));
      expect(err.code).toBe('INVALID_ARGUMENT');
      expect(err.message).toBe('Expects arg[0] to be float but int32 is provided');
    } finally {
      servable.dispose();
    }
  });

  it("fails with UNKNOWN and TensorFlow's message when TensorFlow cannot load it, leaving no temporary files", async () => {
    const files = await readModelDir(HALF_PLUS_TWO_V1);
    const noData = new Map(files.paths().filter((p) => !p.includes('.data-')).map((p) => [p, files.get(p)!]));
    const model = SavedModel.fromFiles(modelFilesFromMap(noData), 'memory:half_plus_two');
    const savedTmp = process.env.TMPDIR;
    const scratch = mkdtempSync(join(tmpdir(), 'native-errors-'));
    process.env.TMPDIR = scratch; // os.tmpdir() reads it on every call
    try {
      const err = await errorOf(NativeServable.load(model));
      expect(err.code).toBe('UNKNOWN');
      expect(err.message).toMatch(/^memory:half_plus_two: TensorFlow \(tfjs-node\) could not load the SavedModel: Failed to load SavedModel/);
      expect(readdirSync(scratch)).toEqual([]);
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('is unusable after dispose, and dispose is idempotent', async () => {
    const servable = await NativeServable.load(await SavedModel.fromDir(HALF_PLUS_TWO_V1));
    servable.dispose();
    servable.dispose();
    const err = await errorOf(servable.run('serving_default', x(1)));
    expect(err.code).toBe('UNAVAILABLE');
  });
});
