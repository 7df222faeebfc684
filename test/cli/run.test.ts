// `tf-serverless run` through the real bin script, with the README's examples.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BUNDLED_MODELS, REPO_ROOT } from '../helpers/fixtures.ts';

const exec = promisify(execFile);
const BIN = join(REPO_ROOT, 'bin/tf-serverless.js');
const HPT = join(BUNDLED_MODELS, 'half_plus_two/1');
const run = (...args: string[]) => exec(BIN, ['run', ...args]);

describe('tf-serverless run', () => {
  it('answers the README predict example exactly', async () => {
    const { stdout } = await run('--dir', HPT, '--request', '{"instances": [1.0, 2.0, 5.0]}');
    expect(stdout).toBe('{"predictions":[2.5,3.0,4.5]}\n');
  });

  it('answers the README regress example', async () => {
    const body = '{"signature_name": "regress_x_to_y", "examples": [{"x": 1.0}, {"x": 3.0}]}';
    const { stdout } = await run('--dir', HPT, '--method', 'regress', '--request', body);
    expect(JSON.parse(stdout)).toEqual({ results: [2.5, 3.5] });
  });

  it('reads the body from @file and classifies digits on the cpu backend', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tfs-run-')), 'req.json');
    const pixels = Array.from({ length: 64 }, (_, i) => ((i % 16) / 16).toFixed(4)); // floats: a fraction in every lexeme
    writeFileSync(file, `{"signature_name": "classify", "examples": [{"pixels": [${pixels.join(', ')}]}]}`);
    const { stdout, stderr } = await run('--dir', join(BUNDLED_MODELS, 'digits/1'), '--method', 'classify', '--backend', 'cpu', '--request', `@${file}`);
    expect(stderr).toBe('');
    const [[...pairs]] = JSON.parse(stdout).results;
    expect(pairs.map((p: [string, number]) => p[0])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(pairs.reduce((a: number, p: [string, number]) => a + p[1], 0)).toBeCloseTo(1, 5);
  });

  it('prints TF Serving\'s error as JSON and exits 1 for a wrong dtype', async () => {
    const err = await run('--dir', HPT, '--request', '{"instances": ["a"]}').catch((e) => e);
    expect(err.code).toBe(1);
    expect(JSON.parse(err.stdout).error).toMatch(/is not of expected type: float/);
  });

  it('exits 1 with JSON for malformed JSON and for an unknown signature', async () => {
    const bad = await run('--dir', HPT, '--request', '{"instances": [1.0,').catch((e) => e);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).error).toMatch(/^JSON Parse error/);
    const sig = await run('--dir', HPT, '--request', '{"signature_name": "nope", "instances": [1.0]}').catch((e) => e);
    expect(JSON.parse(sig.stdout).error).toBe('Serving signature key "nope" not found.');
  });

  it('exits 1 on a bad --method and names the choices', async () => {
    const err = await run('--dir', HPT, '--method', 'explain', '--request', '{}').catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toMatch(/--method must be one of predict, classify, regress/);
  });

  it('prints one line and exits 1 for a wrong-shape input (no minified tfjs source)', async () => {
    const err = await run('--dir', join(BUNDLED_MODELS, 'digits/1'), '--request', '{"instances": [1.0]}').catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(err.stdout).error).toMatch(/input 'pixels' has shape \[1\] where the signature declares \[-1,64\]/);
    expect(err.stderr).toMatch(/^tf-serverless run: INVALID_ARGUMENT: .*\n$/);
    expect(err.stderr.split('\n').length).toBeLessThanOrEqual(2);
  });

  it('exits 1 with UNIMPLEMENTED naming op and node for a signature that cannot run', async () => {
    const dir = join(REPO_ROOT, 'test/fixtures/zoo/contract/partial_signatures/1');
    const err = await run('--dir', dir, '--request', '{"signature_name": "log_gamma", "instances": [[1.0, 2.0, 3.0, 4.0]]}').catch((e) => e);
    expect(err.code).toBe(1);
    expect(JSON.parse(err.stdout).error).toMatch(/op 'Lgamma' \(node '[^']*Lgamma'\)/);
    expect(err.stderr).toMatch(/^tf-serverless run: UNIMPLEMENTED: /);
    const ok = await run('--dir', dir, '--request', '{"instances": [[1.0, 2.0, 3.0, 4.0]]}');
    expect(JSON.parse(ok.stdout)).toEqual({ predictions: [[3, 5, 7, 9]] });
  });
});
