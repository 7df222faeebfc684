// `tf-serverless label` and `tf-serverless rollback` through the real bin script against moto.
import { randomBytes } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManifestCache, S3ModelStore } from '../../lib/registry/index.ts';
import { rolloutVersion } from '../../lib/rollout/index.ts';
import { runCli } from '../helpers/cli.ts';
import { freshBucket, s3TestClient } from '../helpers/s3.ts';
import { putVersion } from '../helpers/version-upload.ts';
import { HALF_PLUS_TWO_V1 } from '../helpers/model-dirs.ts';

let client: S3Client;
let store: S3ModelStore;
let registry: string;
beforeAll(async () => {
  client = s3TestClient();
  const bucket = await freshBucket(client);
  const prefix = `models-${randomBytes(4).toString('hex')}`;
  store = new S3ModelStore({ bucket, prefix, client });
  registry = `s3://${bucket}/${prefix}`;
  for (const v of ['1', '2']) {
    await putVersion(store, 'm', v, HALF_PLUS_TWO_V1, { marker: true });
    await rolloutVersion(store, 'm', v);
  }
});
afterAll(() => client.destroy());

const labels = async () => Object.fromEntries((await new ManifestCache(store, { ttlMs: 0 }).get('m'))!.labels);

describe('tf-serverless label / rollback (bin script, moto)', () => {
  it('points stable at a version, refuses a version that is not AVAILABLE, and rolls stable back', async () => {
    const set = await runCli(['label', 'm', 'stable', '2', '--registry', registry]);
    expect(set).toMatchObject({ code: 0, stdout: 'm: label stable -> version 2 (new label)\n' });
    expect(await labels()).toEqual({ stable: 2n });

    const refused = await runCli(['label', 'm', 'stable', '5', '--registry', registry]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('tf-serverless label: FAILED_PRECONDITION: Request to assign label to version 5 of model m, which is not currently available for inference');

    const back = await runCli(['rollback', 'm', '--registry', registry]);
    expect(back).toMatchObject({ code: 0, stdout: 'm: label stable -> version 1 (was 2)\n' });
    expect(await labels()).toEqual({ stable: 1n });
  });

  it('explains its usage when --registry is missing', async () => {
    const r = await runCli(['rollback', 'm']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('INVALID_ARGUMENT: rollback takes NAME and --registry');
  });
});
