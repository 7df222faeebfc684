import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isServingError } from '../../lib/errors/index.ts';
import { SavedModel } from '../../lib/savedmodel/index.ts';
import { flipByte, withFile } from '../helpers/corrupt.ts';
import { hasSharedFixtures, LOCAL_FIXTURES, BUNDLED_MODELS, SHARED_FIXTURES, versionDirs } from '../helpers/fixtures.ts';

const shared = versionDirs(SHARED_FIXTURES);
const local = [...versionDirs(LOCAL_FIXTURES), ...versionDirs(BUNDLED_MODELS)];

async function expectServingError(p: Promise<unknown> | (() => unknown), code: string, message: RegExp) {
  let err: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    err = e;
  }
  expect(isServingError(err), `expected a ServingError, got ${String(err)}`).toBe(true);
  expect((err as { code: string }).code).toBe(code);
  expect((err as Error).message).toMatch(message);
}

describe.each([
  ['shared', shared],
  ['committed', local],
])('every %s fixture version', (_kind, dirs) => {
  // The fixtures are committed: none found is a failure (it.each([]) would be an error without saying why).
  if (dirs.length === 0) it('finds fixture versions in test/fixtures/conformance (scripts/generate_conformance.py makes them)', () => {
    expect(dirs.length).toBeGreaterThan(0);
  });
  else it.each(dirs.map((d) => [`${d.model}/${d.version}`, d.dir]))(
    '%s reads, lists its tag sets and signatures, and verifies every variable checksum',
    async (_name, dir) => {
      const model = await SavedModel.fromDir(dir);
      const tagSets = model.tagSets();
      expect(tagSets.length).toBeGreaterThan(0);
      for (const tags of tagSets) {
        const meta = model.metaGraph(tags);
        for (const sig of meta.signatures()) {
          for (const t of [...Object.values(sig.inputs), ...Object.values(sig.outputs)]) {
            expect(t.dtype).toMatch(/^DT_[A-Z0-9_]+$/);
            expect(t.name).not.toBe('');
          }
        }
      }
      model.variables()?.verifyAll();
    },
  );
});

describe.skipIf(!hasSharedFixtures)('tag-set selection (shared tf1_builder_multi)', () => {
  const dir = join(SHARED_FIXTURES, 'models/tf1_builder_multi/1');

  it('lists every tag set in file order', async () => {
    const model = await SavedModel.fromDir(dir);
    expect(model.tagSets()).toEqual([['train'], ['serve'], ['serve', 'gpu']]);
  });

  it('picks the graph whose tag set is exactly {serve}, not {serve, gpu}', async () => {
    const model = await SavedModel.fromDir(dir);
    expect(model.metaGraph().signatureKeys()).toEqual(['classify', 'regress', 'serving_default', 'vocab_lookup']);
    expect(model.metaGraph(['gpu', 'serve']).signatureKeys()).toEqual(['serving_default']);
  });

  it('names the missing tag set and the available ones', async () => {
    const model = await SavedModel.fromDir(dir);
    await expectServingError(() => model.metaGraph(['tpu']), 'NOT_FOUND', /\{ tpu \}.*\{ train \}, \{ serve \}, \{ serve gpu \}/);
  });

  it('finds the TF1 assets collection', async () => {
    const model = await SavedModel.fromDir(dir);
    expect(model.metaGraph().assets().map((a) => a.path)).toEqual(['assets/vocab.txt']);
  });
});

describe.skipIf(!hasSharedFixtures)('signatures (shared half_plus_two)', () => {
  it('reads all five signatures of half_plus_two_cpu with dtypes and shapes', async () => {
    const model = await SavedModel.fromDir(join(SHARED_FIXTURES, 'tfserving/saved_model_half_plus_two_cpu/00000123'));
    const meta = model.metaGraph();
    expect(meta.signatureKeys()).toEqual([
      'classify_x_to_y', 'regress_x2_to_y3', 'regress_x_to_y', 'regress_x_to_y2', 'serving_default',
    ]);
    expect(meta.signature('serving_default')).toEqual({
      key: 'serving_default',
      methodName: 'tensorflow/serving/predict',
      inputs: { x: { name: 'x:0', dtype: 'DT_FLOAT', shape: [-1, 1] } },
      outputs: { y: { name: 'y:0', dtype: 'DT_FLOAT', shape: [-1, 1] } },
    });
    expect(meta.signature('classify_x_to_y').inputs.inputs.dtype).toBe('DT_STRING');
    await expectServingError(() => meta.signature('nope'), 'INVALID_ARGUMENT', /^Serving signature key "nope" not found\.$/);
  });

  it('reads the asset_file_def of the TF2 export', async () => {
    const model = await SavedModel.fromDir(join(SHARED_FIXTURES, 'models/string_vocab_model/1'));
    expect(model.metaGraph().assets().map((a) => a.path)).toEqual(['assets/vocab.txt']);
  });
});

describe.skipIf(!hasSharedFixtures)('bad SavedModels (real corrupted copies)', () => {
  const good = join(SHARED_FIXTURES, 'tfserving/saved_model_half_plus_two_cpu/00000123');

  it('rejects a directory holding no SavedModel (the old SessionBundle export)', async () => {
    await expectServingError(
      SavedModel.fromDir(join(SHARED_FIXTURES, 'tfserving/bad_half_plus_two/00000123')),
      'NOT_FOUND',
      /Could not find SavedModel \.pb or \.pbtxt/,
    );
  });

  it('rejects a missing directory', async () => {
    await expectServingError(SavedModel.fromDir('/nonexistent/model/1'), 'NOT_FOUND', /not found/);
  });

  it('rejects a truncated saved_model.pb', async () => {
    const files = (await SavedModel.fromDir(good)).files;
    const cut = withFile(files, 'saved_model.pb', (b) => b.subarray(0, Math.floor(b.length / 2)));
    await expectServingError(() => SavedModel.fromFiles(cut, 'cut'), 'DATA_LOSS', /saved_model\.pb is not a valid SavedModel/);
  });

  it('rejects a saved_model.pb that is not a protobuf', async () => {
    const files = (await SavedModel.fromDir(good)).files;
    const text = withFile(files, 'saved_model.pb', new TextEncoder().encode('this is not a protobuf\n'));
    await expectServingError(() => SavedModel.fromFiles(text, 'text'), 'DATA_LOSS', /saved_model\.pb/);
    const empty = withFile(files, 'saved_model.pb', new Uint8Array(0));
    await expectServingError(() => SavedModel.fromFiles(empty, 'empty'), 'DATA_LOSS', /no MetaGraphDef/);
  });

  it('rejects a pbtxt syntax error with its line and column', async () => {
    const files = (await SavedModel.fromDir(good)).files;
    let bad = withFile(files, 'saved_model.pb', undefined);
    bad = withFile(bad, 'saved_model.pbtxt', new TextEncoder().encode('saved_model_schema_version: 1\nmeta_graphs {\n  meta_info_def { tags: "serve" \n}\n'));
    await expectServingError(() => SavedModel.fromFiles(bad, 'm'), 'INVALID_ARGUMENT', /line 5|5:\d+|line \d+, column \d+/);
  });

  it('names a missing variables shard', async () => {
    const files = (await SavedModel.fromDir(good)).files;
    const bad = withFile(files, 'variables/variables.data-00000-of-00001', undefined);
    await expectServingError(() => SavedModel.fromFiles(bad, 'm').variables(), 'NOT_FOUND', /variables\.data-00000-of-00001/);
  });

  it('rejects an extra shard that the index does not account for', async () => {
    const files = (await SavedModel.fromDir(good)).files;
    const bad = withFile(files, 'variables/variables.data-00000-of-00002', new Uint8Array(8));
    await expectServingError(() => SavedModel.fromFiles(bad, 'm').variables(), 'DATA_LOSS', /00002/);
  });

  it('detects a flipped byte in the variables data (crc32c)', async () => {
    const files = (await SavedModel.fromDir(good)).files;
    const bad = withFile(files, 'variables/variables.data-00000-of-00001', (b) => flipByte(b, 0));
    await expectServingError(() => SavedModel.fromFiles(bad, 'm').variables()!.verifyAll(), 'DATA_LOSS', /crc/i);
  });

  it('detects a data file too short for the index (offset past the end)', async () => {
    const files = (await SavedModel.fromDir(good)).files;
    const bad = withFile(files, 'variables/variables.data-00000-of-00001', (b) => b.subarray(0, 2));
    await expectServingError(
      () => SavedModel.fromFiles(bad, 'm').variables()!.verifyAll(),
      'DATA_LOSS',
      /past|beyond|outside|exceeds|out of range/i,
    );
  });

  it('rejects a variables index that is not a LevelDB table', async () => {
    const files = (await SavedModel.fromDir(good)).files;
    const bad = withFile(files, 'variables/variables.index', (b) => flipByte(b, -1));
    await expectServingError(() => SavedModel.fromFiles(bad, 'm').variables(), 'DATA_LOSS', /magic|index/i);
  });

  it('reads a pbtxt-only version from a real directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfs-pbtxt-'));
    writeFileSync(join(dir, 'saved_model.pbtxt'), 'saved_model_schema_version: 1\nmeta_graphs { meta_info_def { tags: "serve" } graph_def { } }\n');
    const model = await SavedModel.fromDir(dir);
    expect(model.tagSets()).toEqual([['serve']]);
    expect(model.variables()).toBeNull();
  });
});
