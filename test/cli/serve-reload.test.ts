// Config reload in a running `tf-serverless serve`: --model_config_file_poll_wait_seconds re-reads the file
// (added models load, removed ones go, labels change, a broken file keeps the old models serving), and
// ModelService.HandleReloadConfigRequest over gRPC does the same, as TF Serving's ServerCore::ReloadConfig.
import * as grpc from '@grpc/grpc-js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MODEL_SERVICE, MODEL_SERVICE_NAME } from '../../lib/grpc/index.ts';
import { copyVersion, HALF_PLUS_TWO_V1, tempBase } from '../helpers/model-dirs.ts';
import { eventually, type ServeProcess, startServe } from '../helpers/serve-process.ts';

const running: ServeProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
});

async function serve(...args: string[]): Promise<ServeProcess> {
  const p = await startServe(['--rest_api_port=0', '--host=127.0.0.1', ...args]);
  running.push(p);
  return p;
}

function baseWith(...versions: string[]): string {
  const base = tempBase();
  for (const v of versions) copyVersion(HALF_PLUS_TWO_V1, join(base, v));
  return base;
}

const entry = (name: string, base: string, extra = '') => `config { name: "${name}" base_path: "${base}" model_platform: "tensorflow" ${extra} }`;
const predictStatus = async (url: string, path: string) => (await fetch(`${url}${path}`, { method: 'POST', body: '{"instances": [1.0]}' })).status;
const labelVersion = async (url: string, model: string, label: string) => (await (await fetch(`${url}/v1/models/${model}/labels/${label}/metadata`)).json()).model_spec?.version;

describe('--model_config_file_poll_wait_seconds', () => {
  it('adds, relabels and removes models without a restart, and keeps serving through a broken file', async () => {
    const a = baseWith('1', '2');
    const b = baseWith('1');
    const config = join(tempBase(), 'models.config');
    writeFileSync(config, `model_config_list { ${entry('a', a, 'model_version_policy { all {} } version_labels { key: "stable" value: 1 }')} }`);
    const p = await serve('--port=0', `--model_config_file=${config}`, '--model_config_file_poll_wait_seconds=1');
    expect(await labelVersion(p.url, 'a', 'stable')).toBe('1');
    expect(await predictStatus(p.url, '/v1/models/b:predict')).toBe(404);

    writeFileSync(config, `model_config_list { ${entry('a', a, 'model_version_policy { all {} } version_labels { key: "stable" value: 2 }')} ${entry('b', b)} }`);
    await eventually(async () => (await predictStatus(p.url, '/v1/models/b:predict')) === 200);
    await eventually(async () => (await labelVersion(p.url, 'a', 'stable')) === '2');

    writeFileSync(config, `model_config_list { ${entry('b', b)} }`);
    await eventually(async () => (await predictStatus(p.url, '/v1/models/a:predict')) === 404);
    expect(await predictStatus(p.url, '/v1/models/b:predict')).toBe(200);

    writeFileSync(config, 'model_config_list { config { name: "b" base_pth: "/nowhere" } }');
    await eventually(async () => /E tf-serverless\] Model config .* cannot be used; keeping the current models: Error parsing text-format tensorflow\.serving\.ModelServerConfig/.test(p.output()));
    expect(await predictStatus(p.url, '/v1/models/b:predict')).toBe(200);
  }, 60_000);
});

describe('ModelService.HandleReloadConfigRequest', () => {
  it('replaces the served models and answers OK; a bad config is refused and the old models keep serving', async () => {
    const p = await serve('--port=0', `--model_base_path=${baseWith('1')}`, '--model_name=a', '--grpc_socket_path', join(tempBase('tfs-sock-'), 's'));
    const socket = /Running gRPC ModelServer at UNIX socket (\S+)/.exec(p.output())![1];
    const Model = grpc.makeGenericClientConstructor(MODEL_SERVICE, MODEL_SERVICE_NAME);
    const client = new Model(`unix:${socket}`, grpc.credentials.createInsecure());
    const reload = (request: object) =>
      new Promise<any>((resolve, reject) => (client as unknown as Record<string, Function>).HandleReloadConfigRequest(request, (e: Error | null, r: unknown) => (e ? reject(e) : resolve(r))));
    try {
      const b = baseWith('4');
      const response = await reload({ config: { model_config_list: { config: [{ name: 'b', base_path: b, model_platform: 'tensorflow' }] } } });
      expect(response.status).toMatchObject({ error_code: 0, error_message: '' });
      // ReloadConfig returns once the new models are loaded
      expect(await predictStatus(p.url, '/v1/models/b:predict')).toBe(200);
      expect(await predictStatus(p.url, '/v1/models/a:predict')).toBe(404);

      const bad = await reload({ config: { model_config_list: { config: [{ name: 'c', base_path: '' }] } } }).catch((e) => e);
      expect(bad.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(bad.details).toMatch(/base_path is empty/);
      const other = await reload({ config: {} }).catch((e) => e);
      expect(other.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(other.details).toBe('ServerModelConfig type not supported by HandleReloadConfigRequest. Only ModelConfigList is currently supported');
      expect(await predictStatus(p.url, '/v1/models/b:predict')).toBe(200);
    } finally {
      client.close();
    }
  }, 60_000);
});
