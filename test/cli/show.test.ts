import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { show } from '../../lib/cli/show.ts';
import { BUNDLED_MODELS, hasSharedFixtures, hasTfServingTestdata, LOCAL_FIXTURES, REPO_ROOT, SHARED_FIXTURES, TFSERVING_TESTDATA, TFSERVING_TESTDATA_SKIP } from '../helpers/fixtures.ts';

if (!hasTfServingTestdata) console.log(TFSERVING_TESTDATA_SKIP);

const run = promisify(execFile);
const HPT = join(SHARED_FIXTURES, 'tfserving/saved_model_half_plus_two_cpu/00000123');
const BIN = join(REPO_ROOT, 'bin/tf-serverless.js');

describe('tf-serverless show on committed models', () => {
  const bundled = join(BUNDLED_MODELS, 'half_plus_two/1');

  it('lists the tag sets', async () => {
    expect(await show(['--dir', bundled])).toBe("The given SavedModel contains the following tag-sets:\n'serve'");
  });

  it('lists signature keys of a tag set', async () => {
    const out = await show(['--dir', bundled, '--tag_set', 'serve']);
    expect(out.split('\n').filter((l) => l.startsWith('SignatureDef key'))).toEqual([
      'SignatureDef key: "__saved_model_init_op"',
      'SignatureDef key: "classify_x_to_y"',
      'SignatureDef key: "regress_x_to_y"',
      'SignatureDef key: "serving_default"',
    ]);
  });

  it('lists every tag set of a multi-tag model and shows each', async () => {
    const dir = join(LOCAL_FIXTURES, 'multi_tag_model/1');
    expect(await show(['--dir', dir])).toBe("The given SavedModel contains the following tag-sets:\n'serve,gpu'\n'train'\n'serve'");
    const all = await show(['--dir', dir, '--all']);
    expect(all.match(/^MetaGraphDef with tag-set: '.*' contains/gm)).toHaveLength(3);
  });

  it('reads a text-format SavedModel', async () => {
    const out = await show(['--dir', join(LOCAL_FIXTURES, 'pbtxt_model/1'), '--tag_set', 'serve', '--signature_def', 'serving_default']);
    expect(out).toContain('Method name is: tensorflow/serving/predict');
  });

  it('exits 1 naming the tag set that does not exist', async () => {
    const err = await run(BIN, ['show', '--dir', bundled, '--tag_set', 'tpu']).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toMatch(/NOT_FOUND: Could not find meta graph def matching supplied tags: \{ tpu \}/);
  });

  it('exits 1 for a missing directory', async () => {
    const err = await run(BIN, ['show', '--dir', '/nonexistent/1']).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toMatch(/NOT_FOUND/);
  });

  it('exits 2 on an unknown flag', async () => {
    const err = await run(BIN, ['show', '--bogus']).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/bogus/);
  });
});

describe.skipIf(!hasSharedFixtures)('tf-serverless show on TF Serving test models', () => {

  it('prints one signature like saved_model_cli', async () => {
    const out = await show(['--dir', HPT, '--tag_set', 'serve', '--signature_def', 'serving_default']);
    expect(out).toBe(
      [
        'The given SavedModel SignatureDef contains the following input(s):',
        "  inputs['x'] tensor_info:",
        '      dtype: DT_FLOAT',
        '      shape: (-1, 1)',
        '      name: x:0',
        'The given SavedModel SignatureDef contains the following output(s):',
        "  outputs['y'] tensor_info:",
        '      dtype: DT_FLOAT',
        '      shape: (-1, 1)',
        '      name: y:0',
        'Method name is: tensorflow/serving/predict',
      ].join('\n'),
    );
  });

  it('--all prints every signature with dtypes and shapes, through the real bin script', async () => {
    const { stdout } = await run(BIN, ['show', '--dir', HPT, '--all']);
    const keys = [...stdout.matchAll(/^signature_def\['(.+)'\]:$/gm)].map((m) => m[1]);
    expect(keys).toEqual(['classify_x_to_y', 'regress_x2_to_y3', 'regress_x_to_y', 'regress_x_to_y2', 'serving_default']);
    expect(stdout).toContain("MetaGraphDef with tag-set: 'serve' contains the following SignatureDefs:");
    expect(stdout).toContain('dtype: DT_STRING');
  });

  it.skipIf(!hasTfServingTestdata)("--json prints TF Serving's metadata for TF Serving's half_plus_two", async () => {
    const dir = join(TFSERVING_TESTDATA, 'saved_model_half_plus_two_cpu/00000123');
    const out = JSON.parse(await show(['--dir', dir, '--json', '--model_name', 'default']));
    const want = JSON.parse(readFileSync(join(TFSERVING_TESTDATA, 'half_plus_two_model_metadata.json'), 'utf8'));
    expect(out).toEqual(want);
  });

  it('--json prints the metadata the golden file holds for the model', async () => {
    const out = JSON.parse(await show(['--dir', HPT, '--json', '--model_name', 'saved_model_half_plus_two_cpu']));
    const golden = JSON.parse(readFileSync(join(SHARED_FIXTURES, 'tfserving/saved_model_half_plus_two_cpu.golden.json'), 'utf8'));
    expect(out).toEqual(golden.metadata['123']);
  });

  it('exits 1 with the reason for a directory without a SavedModel', async () => {
    const err = await run(BIN, ['show', '--dir', join(SHARED_FIXTURES, 'tfserving/bad_half_plus_two/00000123')]).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toMatch(/NOT_FOUND: Could not find SavedModel \.pb or \.pbtxt/);
  });
});

describe('tf-serverless show --check', () => {
  it('says per signature where it runs and names the missing ops with their nodes', async () => {
    const out = await show(['--dir', join(REPO_ROOT, 'test/fixtures/zoo/contract/partial_signatures/1'), '--check']);
    const rows = out.split('\n').slice(0, 4).map((l) => l.split(/\s+/));
    expect(rows[0]).toEqual(['signature', 'portable/wasm', 'portable/cpu', 'native']);
    expect(rows.slice(1).map((r) => r.slice(0, 3))).toEqual([
      ['log_gamma', 'no', 'no'],
      ['serving_default', 'yes', 'yes'],
      ['spectrum', 'no', 'yes'],
    ]);
    expect(out).toContain('1 of 3 signatures run on the default engine (portable/wasm).');
    expect(out).toMatch(/log_gamma on portable\/cpu:\n  op 'Lgamma' \(node '[^']*Lgamma'\)/);
    expect(out).toMatch(/spectrum on portable\/wasm:\n  op 'RFFT' \(node '[^']*rfft'\) .*kernel 'FFT' is not registered for backend 'wasm'/);
  });

  it('says yes everywhere for a model the portable engine runs', async () => {
    const out = await show(['--dir', join(BUNDLED_MODELS, 'half_plus_two/1'), '--check']);
    expect(out).toMatch(/^serving_default\s+yes\s+yes/m);
    expect(out).toContain('3 of 3 signatures run on the default engine');
  });
});
