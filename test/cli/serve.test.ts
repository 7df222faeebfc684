// `tf-serverless serve` as a drop-in tensorflow_model_server: its flags, a model config file, polling for a
// version copied in while it runs, graceful SIGTERM, and `npm start`'s configuration.
import * as grpc from '@grpc/grpc-js';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { PREDICTION_SERVICE, PREDICTION_SERVICE_NAME } from '../../lib/grpc/index.ts';
import { BUNDLED_MODELS, hasSharedFixtures, REPO_ROOT, SHARED_FIXTURES } from '../helpers/fixtures.ts';
import { copyVersion, HALF_PLUS_TWO_V1, tempBase } from '../helpers/model-dirs.ts';
import { eventually, type ServeProcess, startServe } from '../helpers/serve-process.ts';

const exec = promisify(execFile);
const running: ServeProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
});

async function serve(...args: string[]): Promise<ServeProcess> {
  const p = await startServe(['--rest_api_port=0', '--port=0', '--host=127.0.0.1', ...args]);
  running.push(p);
  return p;
}

const predict = (url: string, path: string, body = '{"instances": [1.0, 2.0, 5.0]}') => fetch(url + path, { method: 'POST', body });
const statusOf = async (url: string, model: string) => (await (await fetch(`${url}/v1/models/${model}`)).json()).model_version_status;

describe('tf-serverless serve', () => {
  it('serves --model_base_path under --model_name, like tensorflow_model_server', async () => {
    const base = tempBase();
    copyVersion(HALF_PLUS_TWO_V1, join(base, '00000123'));
    const p = await serve(`--model_base_path=${base}`, '--model_name', 'hpt');
    expect(await (await predict(p.url, '/v1/models/hpt:predict')).json()).toEqual({ predictions: [2.5, 3.0, 4.5] });
    expect(await statusOf(p.url, 'hpt')).toEqual([{ version: '123', state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } }]);
  });

  it('names the model "default" without --model_name', async () => {
    const base = tempBase();
    copyVersion(HALF_PLUS_TWO_V1, join(base, '1'));
    const p = await serve(`--model_base_path=${base}`);
    expect((await predict(p.url, '/v1/models/default:predict')).status).toBe(200);
  });

  it('picks up a version copied in while serving, and ignores it while half-copied', async () => {
    const base = tempBase();
    copyVersion(HALF_PLUS_TWO_V1, join(base, '1'));
    const p = await serve(`--model_base_path=${base}`, '--model_name=m', '--file_system_poll_wait_seconds=1');
    copyVersion(HALF_PLUS_TWO_V1, join(base, '2'), (f) => !f.includes('.data-'));
    await new Promise((r) => setTimeout(r, 2500)); // two polls see the half copy
    expect((await statusOf(p.url, 'm')).map((s: { version: string }) => s.version)).toEqual(['1']);
    copyVersion(HALF_PLUS_TWO_V1, join(base, '2'));
    await eventually(async () => (await statusOf(p.url, 'm'))[0].state === 'AVAILABLE' && (await statusOf(p.url, 'm'))[0].version === '2');
    expect((await predict(p.url, '/v1/models/m/versions/2:predict')).status).toBe(200);
  });

  it('shows a version that fails to load as END with its error while the other version keeps serving', async () => {
    const base = tempBase();
    copyVersion(HALF_PLUS_TWO_V1, join(base, '1'));
    copyVersion(HALF_PLUS_TWO_V1, join(base, '2'));
    writeFileSync(join(base, '2', 'saved_model.pb'), 'not a SavedModel');
    const p = await serve(`--model_base_path=${base}`, '--model_name=m');
    const [v2, v1] = await statusOf(p.url, 'm');
    expect(v2).toMatchObject({ version: '2', state: 'END', status: { error_code: 'DATA_LOSS' } });
    expect(v2.status.error_message).toMatch(/saved_model\.pb/);
    expect(v1).toEqual({ version: '1', state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } });
    expect(await (await predict(p.url, '/v1/models/m:predict')).json()).toEqual({ predictions: [2.5, 3.0, 4.5] });
    expect((await predict(p.url, '/v1/models/m/versions/2:predict')).status).toBe(404);
  });

  it('serves a model config file with policies and labels', async () => {
    const base = tempBase();
    for (const v of ['1', '2']) copyVersion(HALF_PLUS_TWO_V1, join(base, 'hpt', v));
    const config = join(base, 'models.config');
    writeFileSync(config, `model_config_list {
      config { name: "hpt" base_path: "hpt" model_platform: "tensorflow"
        model_version_policy { all {} }
        version_labels { key: "stable" value: 1 } version_labels { key: "canary" value: 2 } }
      config { name: "digits" base_path: "${join(BUNDLED_MODELS, 'digits')}" } }`);
    const p = await serve(`--model_config_file=${config}`);
    expect((await statusOf(p.url, 'hpt')).map((s: { version: string }) => s.version)).toEqual(['2', '1']);
    const meta = async (label: string) => (await (await fetch(`${p.url}/v1/models/hpt/labels/${label}/metadata`)).json()).model_spec.version;
    expect([await meta('stable'), await meta('canary')]).toEqual(['1', '2']);
    expect((await predict(p.url, '/v1/models/digits:predict', `{"instances": [[${Array(64).fill('0').join(',')}]]}`)).status).toBe(200);
  });

  it.skipIf(!hasSharedFixtures)('serves saved_model_half_plus_two_2_versions with latest 2 and labels', async () => {
    const base = tempBase();
    const config = join(base, 'models.config');
    writeFileSync(config, `model_config_list { config { name: "two" base_path: "${join(SHARED_FIXTURES, 'tfserving/saved_model_half_plus_two_2_versions')}"
      model_version_policy { latest { num_versions: 2 } } version_labels { key: "stable" value: 123 } version_labels { key: "canary" value: 124 } } }`);
    const p = await serve(`--model_config_file=${config}`);
    expect((await statusOf(p.url, 'two')).map((s: { version: string }) => s.version)).toEqual(['124', '123']);
    for (const path of ['/v1/models/two/labels/stable:predict', '/v1/models/two/labels/canary:predict', '/v1/models/two/versions/123:predict']) {
      expect(await (await predict(p.url, path)).json()).toEqual({ predictions: [2.5, 3.0, 4.5] });
    }
  });

  it('serves npm start\'s configuration (the bundled models) and prints curl lines', async () => {
    const p = await serve(`--model_config_file=${join(REPO_ROOT, 'models/models.config')}`, '--print_examples');
    await eventually(async () => p.output().includes('/v1/models/digits:predict'));
    expect(p.output()).toContain(`curl -d '{"instances": [1.0]}' -X POST ${p.url}/v1/models/half_plus_two:predict`);
    expect(await (await predict(p.url, '/v1/models/half_plus_two:predict')).json()).toEqual({ predictions: [2.5, 3.0, 4.5] });
  });

  it('finishes cleanly on SIGTERM', async () => {
    const base = tempBase();
    copyVersion(HALF_PLUS_TWO_V1, join(base, '1'));
    const p = await startServe(['--rest_api_port=0', '--port=0', `--model_base_path=${base}`]);
    expect(await p.stop('SIGTERM')).toBe(0);
    expect(p.output()).toMatch(/SIGTERM: finishing in-flight requests/);
  });

  it.each([
    ['no model at all', [], /Both --model_base_path and --model_config_file are empty/],
    ['a bad integer', ['--model_base_path=/x', '--rest_api_port=http'], /--rest_api_port wants an integer/],
    ['a config file that does not parse', ['--model_config_file=' + join(REPO_ROOT, 'package.json')], /package\.json:1:1/],
  ])('refuses %s with exit code 1', async (_s, args, message) => {
    const err = await exec(join(REPO_ROOT, 'bin/tf-serverless.js'), ['serve', ...args]).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toMatch(message);
  });

  it('refuses an unknown flag with its usage and exit code 2 (a command-line mistake, issue 14)', async () => {
    const err = await exec(join(REPO_ROOT, 'bin/tf-serverless.js'), ['serve', '--model_base_path=/x', '--no_such_flag=1']).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/unknown flag --no_such_flag\n\nUsage: tf-serverless serve /);
  });

  it('accepts TF Serving flags that have no effect here and says so', async () => {
    const base = tempBase();
    copyVersion(HALF_PLUS_TWO_V1, join(base, '1'));
    const p = await serve(`--model_base_path=${base}`, '--rest_api_num_threads=8', '--flush_filesystem_caches');
    expect(p.output()).toMatch(/ignoring TF Serving flags with no effect here: --rest_api_num_threads --flush_filesystem_caches/);
  });

  it('answers gRPC Predict on --port and CORS preflights with --rest_api_enable_cors_support', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as { port: number }).port;
        probe.close(() => resolve(p));
      });
    });
    const base = tempBase();
    copyVersion(HALF_PLUS_TWO_V1, join(base, '1'));
    const p = await startServe(['--rest_api_port=0', `--port=${port}`, '--host=127.0.0.1', `--model_base_path=${base}`, '--model_name=hpt', '--rest_api_enable_cors_support']);
    running.push(p);
    expect(p.output()).toContain(`Running gRPC ModelServer at 127.0.0.1:${port}`);
    const Client = grpc.makeGenericClientConstructor(PREDICTION_SERVICE, PREDICTION_SERVICE_NAME);
    const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as Record<string, Function>;
    const response = await new Promise<any>((resolve, reject) =>
      client.Predict({ model_spec: { name: 'hpt' }, inputs: { x: { dtype: 1, tensor_shape: { dim: [{ size: 3 }] }, float_val: [1, 2, 5] } } }, (e: Error | null, r: unknown) => (e ? reject(e) : resolve(r))),
    );
    (client as unknown as grpc.Client).close();
    expect(response.outputs.y.float_val).toEqual([2.5, 3, 4.5]);
    expect(String(response.model_spec.version.value)).toBe('1');
    const preflight = await fetch(`${p.url}/v1/models/hpt:predict`, { method: 'OPTIONS', headers: { Origin: 'https://app.example' } });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    const res = await predict(p.url, '/v1/models/hpt:predict');
    expect(res.headers.get('access-control-allow-methods')).toBe('POST, GET');
  });
});
