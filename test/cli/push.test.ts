// `tf-serverless push`: through the real bin script to moto (SDK settings from the environment) and to a
// local directory store, and in-process for the refusals (nothing may be uploaded).
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { push } from '../../lib/cli/push.ts';
import { LocalModelStore, ManifestCache, S3ModelStore } from '../../lib/registry/index.ts';
import { COMMIT_MARKER_PATH, parseCommitMarker } from '../../lib/rollout/index.ts';
import { runCli } from '../helpers/cli.ts';
import { DIGITS_V1, HALF_PLUS_TWO_V1, removeDir, tempBase } from '../helpers/model-dirs.ts';
import { freshBucket, s3TestClient } from '../helpers/s3.ts';
import { localFiles } from '../helpers/version-upload.ts';


let client: S3Client;
let bucket: string;
let tmp: string;
beforeAll(async () => {
  client = s3TestClient();
  bucket = await freshBucket(client);
  tmp = tempBase('tfs-push-');
});
afterAll(() => {
  client.destroy();
  removeDir(tmp);
});

/** A copy of a version directory under tmp, optionally changed by `edit(dir)`. */
function copyOf(src: string, edit?: (dir: string) => void): string {
  const dir = join(tmp, randomBytes(4).toString('hex'));
  cpSync(src, dir, { recursive: true });
  edit?.(dir);
  return dir;
}

describe('tf-serverless push (bin script, moto)', () => {
  it('uploads every file with multipart uploads, the marker last, and --publish makes the version AVAILABLE', async () => {
    // 12 MiB in one file: two parts of 8 MiB, so the object's ETag is a multipart one ("…-2").
    const dir = copyOf(HALF_PLUS_TWO_V1, (d) => {
      mkdirSync(join(d, 'assets.extra'), { recursive: true });
      writeFileSync(join(d, 'assets.extra/big.bin'), randomBytes(12 * 1024 * 1024));
    });
    const r = await runCli(['push', dir, `s3://${bucket}/serving/models/hpt/00000002`, '--publish', '--concurrency', '3']);
    expect(r.code, r.stderr).toBe(0);
    const n = localFiles(dir).length;
    expect(r.stdout).toBe(`Uploaded ${n} files (12.0 MiB) to s3://${bucket}/serving/models/hpt/00000002, then the commit marker ${COMMIT_MARKER_PATH}\nhpt version 2: AVAILABLE\n`);
    expect(r.stderr).toMatch(new RegExp(`^push: .* / 12\\.0 MiB \\(\\d+%\\), 1/${n} files {2}\\S+$`, 'm'));
    expect(r.stderr).toContain(`push: 12.0 MiB / 12.0 MiB (100%), ${n}/${n} files`);

    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'serving/models/hpt/00000002/assets.extra/big.bin' }));
    expect(head.ETag).toMatch(/-2"$/);
    const store = new S3ModelStore({ bucket, prefix: 'serving/models', client });
    const entry = (await new ManifestCache(store, { ttlMs: 0 }).get('hpt'))!.versions.get(2n)!;
    expect(entry).toMatchObject({ dirName: '00000002', state: 'AVAILABLE', files: localFiles(dir), validatedBy: expect.stringMatching(/^tf-serverless push by /) });
    const marker = parseCommitMarker(await store.readFile('hpt', '00000002', COMMIT_MARKER_PATH), 'marker');
    expect(marker.files).toEqual(localFiles(dir));
  });

  it('pushes the digits model to a local directory store and publishes it there', async () => {
    const root = join(tmp, 'registry');
    const r = await runCli(['push', DIGITS_V1, join(root, 'models/digits/1'), '--publish']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('digits version 1: AVAILABLE');
    const manifest = await new ManifestCache(new LocalModelStore({ root: join(root, 'models') }), { ttlMs: 0 }).get('digits');
    expect(manifest!.versions.get(1n)).toMatchObject({ state: 'AVAILABLE', files: localFiles(DIGITS_V1) });
  });
});

describe('push (in-process, local destination)', () => {
  it('skips the upload of a version already published with the same files, and refuses other files there', async () => {
    const root = join(tmp, 'again');
    await push([HALF_PLUS_TWO_V1, join(root, 'm/1'), '--publish']);
    expect(await push([HALF_PLUS_TWO_V1, join(root, 'm/1'), '--publish'])).toBe(
      `${join(root, 'm/1')} is already published with these files; nothing uploaded\nm version 1: UNCHANGED (recorded as AVAILABLE)`);
    await expect(push([DIGITS_V1, join(root, 'm/1')])).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', message: expect.stringContaining('is already published (AVAILABLE) from 1 with other files') });
  });

  it('reports a version that fails validation with a non-zero exit and the reason', async () => {
    const dir = copyOf(HALF_PLUS_TWO_V1, (d) => writeFileSync(join(d, 'saved_model.pb'), 'garbage'));
    const dest = join(tmp, 'bad/m/1');
    await expect(push([dir, dest, '--publish'])).rejects.toMatchObject({
      code: 'FAILED_PRECONDITION', message: expect.stringMatching(/\nm version 1: FAILED: DATA_LOSS: .*saved_model\.pb is not a valid SavedModel protobuf.*\nThe version is not served\.$/),
    });
  });

  it.each([
    ['a hostile model name', () => [HALF_PLUS_TWO_V1, `${tmp}/x/../1`], 'INVALID_ARGUMENT'],
    ['a model name with a space', () => [HALF_PLUS_TWO_V1, `s3://${bucket}/models/a b/1`], 'INVALID_ARGUMENT'],
    ['a version that is not a number', () => [HALF_PLUS_TWO_V1, join(tmp, 'x/m/v1')], 'INVALID_ARGUMENT'],
    ['a destination without NAME/VERSION', () => [HALF_PLUS_TWO_V1, `s3://${bucket}/1`], 'INVALID_ARGUMENT'],
    ['an empty segment before the model name', () => [HALF_PLUS_TWO_V1, `s3://${bucket}/models//abs/1`], 'INVALID_ARGUMENT'],
    ['an empty segment right after the bucket', () => [HALF_PLUS_TWO_V1, `s3://${bucket}//models/abs/1`], 'INVALID_ARGUMENT'],
    ['an empty segment between model and version', () => [HALF_PLUS_TWO_V1, `s3://${bucket}/models/abs//1`], 'INVALID_ARGUMENT'],
    ['a file name with a backslash', () => [copyOf(HALF_PLUS_TWO_V1, (d) => writeFileSync(join(d, 'a\\b'), 'x')), join(tmp, 'x/m/1')], 'INVALID_ARGUMENT'],
    ['a file named like the commit marker', () => [copyOf(HALF_PLUS_TWO_V1, (d) => writeFileSync(join(d, COMMIT_MARKER_PATH), '{}')), join(tmp, 'x/m/1')], 'INVALID_ARGUMENT'],
    ['a directory that is not a SavedModel', () => [join(HALF_PLUS_TWO_V1, 'variables'), join(tmp, 'x/m/1')], 'FAILED_PRECONDITION'],
    ['an incomplete SavedModel', () => [copyOf(HALF_PLUS_TWO_V1, (d) => removeDir(join(d, 'variables/variables.data-00000-of-00001'))), join(tmp, 'x/m/1')], 'FAILED_PRECONDITION'],
    ['a missing directory', () => [join(tmp, 'nope'), join(tmp, 'x/m/1')], 'NOT_FOUND'],
    ['--concurrency 0', () => [HALF_PLUS_TWO_V1, join(tmp, 'x/m/1'), '--concurrency', '0'], 'INVALID_ARGUMENT'],
    ['a missing destination', () => [HALF_PLUS_TWO_V1], 'INVALID_ARGUMENT'],
  ])('refuses %s and uploads nothing', async (_scenario, args, code) => {
    await expect(push(args())).rejects.toMatchObject({ code });
    expect(existsSync(join(tmp, 'x'))).toBe(false);
  });
});
