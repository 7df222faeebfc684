// `tf-serverless serve --model_base_path s3://…`: the local server over the S3 registry (moto), with the
// registry's rules: only published versions serve, the manifest's labels apply, a new publish is picked up
// on the next poll, files uploaded but not published are never served.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { S3ModelStore } from '../../lib/registry/index.ts';
import { halfPlusThreeFiles } from '../helpers/half-plus-three.ts';
import { changeManifest, publishVersion } from '../helpers/published-models.ts';
import { freshBucket, s3TestClient } from '../helpers/s3.ts';
import { eventually, type ServeProcess, startServe } from '../helpers/serve-process.ts';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HALF_PLUS_TWO_V1 } from '../helpers/model-dirs.ts';

let store: S3ModelStore;
let server: ServeProcess;
const predict = async (path = '/v1/models/hpt:predict') => (await fetch(server.url + path, { method: 'POST', body: '{"instances": [1.0]}' })).json();

beforeAll(async () => {
  const client = s3TestClient();
  const bucket = await freshBucket(client);
  store = new S3ModelStore({ bucket, prefix: 'models', client });
  await publishVersion(store, 'hpt', 1n, HALF_PLUS_TWO_V1, { labels: { stable: 1n } });
  server = await startServe(['--rest_api_port=0', '--port=0', '--host=127.0.0.1', `--model_base_path=s3://${bucket}/models/hpt`, '--model_name=hpt'], {
    env: { AWS_ENDPOINT_URL_S3: inject('s3Endpoint'), AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe('serve over the S3 registry', () => {
  it('serves the published version and the manifest\'s labels', async () => {
    expect(await predict()).toEqual({ predictions: [2.5] });
    expect(await predict('/v1/models/hpt/labels/stable:predict')).toEqual({ predictions: [2.5] });
  });

  it('never serves files that were uploaded but not published', async () => {
    for (const [path, bytes] of await halfPlusThreeFiles()) await store.writeFile('hpt', '2', path, bytes);
    await new Promise((r) => setTimeout(r, 2500));
    expect(await predict()).toEqual({ predictions: [2.5] });
    expect((await (await fetch(`${server.url}/v1/models/hpt`)).json()).model_version_status.map((s: { version: string }) => s.version)).toEqual(['1']);
  });

  it('picks up a newly published version on the next poll and moves labels with the manifest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hp3-'));
    for (const [path, bytes] of await halfPlusThreeFiles()) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), bytes);
    }
    await publishVersion(store, 'hpt', 2n, dir);
    await eventually(async () => (await predict()).predictions?.[0] === 3.5);
    await changeManifest(store, 'hpt', (m) => void m.labels.set('stable', 2n));
    await eventually(async () => (await predict('/v1/models/hpt/labels/stable:predict')).predictions?.[0] === 3.5);
  });
});
