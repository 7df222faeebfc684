// rolloutVersion against a real S3-protocol server (moto): completeness (commit marker or listing),
// checksums, validation with the real engine, what is recorded in the manifest, and idempotence.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { MANIFEST_DOCUMENT, ManifestCache, S3ModelStore, type Manifest } from '../../lib/registry/index.ts';
import { COMMIT_MARKER_PATH, rolloutVersion, sha256Hex } from '../../lib/rollout/index.ts';
import { LOCAL_FIXTURES } from '../helpers/fixtures.ts';
import { useTestBucket } from '../helpers/s3.ts';
import { localFiles, putMarker, putVersion } from '../helpers/version-upload.ts';
import { HALF_PLUS_TWO_V1, DIGITS_V1 } from '../helpers/model-dirs.ts';

const DATA = 'variables/variables.data-00000-of-00001';

const testBucket = useTestBucket();
const newStore = (): S3ModelStore => testBucket.store();
const manifestOf = async (store: S3ModelStore, model = 'm'): Promise<Manifest | null> => new ManifestCache(store, { ttlMs: 0 }).get(model);

describe('rolloutVersion', () => {
  it('publishes a pushed version as AVAILABLE with every file but the marker, sizes and sha256s', async () => {
    const store = newStore();
    const files = await putVersion(store, 'm', '1', HALF_PLUS_TWO_V1, { marker: true });
    const r = await rolloutVersion(store, 'm', '1', { validatedBy: 'test-run-1' });
    expect(r).toEqual({ model: 'm', dirName: '1', version: 1n, state: 'AVAILABLE' });
    const entry = (await manifestOf(store))!.versions.get(1n)!;
    expect(entry).toMatchObject({ dirName: '1', state: 'AVAILABLE', validatedBy: 'test-run-1', files });
    expect(entry.files.map((f) => f.path)).not.toContain(COMMIT_MARKER_PATH);
    expect(Date.parse(entry.publishedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('publishes the digits model and a model with warm-up requests (replayed at validation), leaking no tensor', async () => {
    const store = newStore();
    await putVersion(store, 'digits', '00000007', DIGITS_V1, { marker: true });
    await putVersion(store, 'warm', '1', join(LOCAL_FIXTURES, 'assets_extra_model/1'));
    const tensors = tf.memory().numTensors;
    expect((await rolloutVersion(store, 'digits', '00000007')).state).toBe('AVAILABLE');
    expect((await rolloutVersion(store, 'warm', '1')).state).toBe('AVAILABLE');
    expect(tf.memory().numTensors).toBe(tensors);
    expect((await manifestOf(store, 'digits'))!.versions.get(7n)?.dirName).toBe('00000007');
  });

  it('ignores a second directory for a published version ("7" beside "00000007") without recording it', async () => {
    const store = newStore();
    await putVersion(store, 'm', '00000007', HALF_PLUS_TWO_V1, { marker: true });
    await putVersion(store, 'm', '7', HALF_PLUS_TWO_V1, { marker: true });
    await rolloutVersion(store, 'm', '00000007');
    const before = await store.readDocument('m', MANIFEST_DOCUMENT);
    expect(await rolloutVersion(store, 'm', '7')).toMatchObject({ state: 'FAILED', reason: 'version 7 is already published from directory 00000007; directory 7 is ignored (not recorded)' });
    expect(await store.readDocument('m', MANIFEST_DOCUMENT)).toEqual(before);
  });

  it('keeps a half-uploaded version (no marker) PENDING with no manifest, then publishes it when the last file arrives', async () => {
    const store = newStore();
    await putVersion(store, 'm', '1', HALF_PLUS_TWO_V1, { keep: (p) => p !== DATA });
    const pending = await rolloutVersion(store, 'm', '1');
    expect(pending.state).toBe('PENDING');
    expect(pending.reason).toContain(`${DATA} is missing`);
    expect(await store.readDocument('m', MANIFEST_DOCUMENT)).toBeNull();

    await store.writeFile('m', '1', DATA, new Uint8Array(readFileSync(join(HALF_PLUS_TWO_V1, DATA))));
    expect((await rolloutVersion(store, 'm', '1')).state).toBe('AVAILABLE');
  });

  it('keeps a version PENDING while a file the marker lists is missing or shorter', async () => {
    const store = newStore();
    const files = await putVersion(store, 'm', '1', HALF_PLUS_TWO_V1, { keep: (p) => p !== 'saved_model.pb' });
    const full = readFileSync(join(HALF_PLUS_TWO_V1, 'saved_model.pb'));
    await store.writeFile('m', '1', 'saved_model.pb', new Uint8Array(full.subarray(0, 10)));
    await putMarker(store, 'm', '1', files);
    const r = await rolloutVersion(store, 'm', '1');
    expect(r).toMatchObject({ state: 'PENDING', reason: `saved_model.pb has 10 bytes, the commit marker says ${full.byteLength}` });
    expect(await store.readDocument('m', MANIFEST_DOCUMENT)).toBeNull();
  });

  it('records a corrupt saved_model.pb as FAILED with the reason, and re-validates once fixed files arrive', async () => {
    const store = newStore();
    const garbage = new TextEncoder().encode('not a protobuf at all');
    const files = localFiles(HALF_PLUS_TWO_V1).map((f) => (f.path === 'saved_model.pb' ? { ...f, size: garbage.length, sha256: sha256Hex(garbage) } : f));
    await putVersion(store, 'm', '1', HALF_PLUS_TWO_V1, { keep: (p) => p !== 'saved_model.pb' });
    await store.writeFile('m', '1', 'saved_model.pb', garbage);
    await putMarker(store, 'm', '1', files);

    const failed = await rolloutVersion(store, 'm', '1');
    expect(failed.state).toBe('FAILED');
    expect(failed.reason).toMatch(/saved_model\.pb/);
    const entry = (await manifestOf(store))!.versions.get(1n)!;
    expect(entry).toMatchObject({ state: 'FAILED', error: failed.reason });

    await putVersion(store, 'm', '1', HALF_PLUS_TWO_V1, { marker: true });
    expect((await rolloutVersion(store, 'm', '1')).state).toBe('AVAILABLE');
  });

  it('fails a version whose file does not match the commit marker checksum', async () => {
    const store = newStore();
    await putVersion(store, 'm', '1', HALF_PLUS_TWO_V1, { marker: true });
    const data = new Uint8Array(readFileSync(join(HALF_PLUS_TWO_V1, DATA)));
    data[0] ^= 0xff; // same size, other bytes
    await store.writeFile('m', '1', DATA, data);
    const r = await rolloutVersion(store, 'm', '1');
    expect(r.state).toBe('FAILED');
    expect(r.reason).toMatch(new RegExp(`^files differ from the commit marker: ${DATA} has sha256 [0-9a-f]{64}, expected [0-9a-f]{64}$`));
    expect((await manifestOf(store))!.versions.get(1n)?.state).toBe('FAILED');
  });

  it('answers UNCHANGED without writing for a version already recorded with the same files, marker or not', async () => {
    const store = newStore();
    await putVersion(store, 'm', '1', HALF_PLUS_TWO_V1, { marker: true });
    await putVersion(store, 'm', '2', HALF_PLUS_TWO_V1);
    await rolloutVersion(store, 'm', '1');
    await rolloutVersion(store, 'm', '2');
    const before = await store.readDocument('m', MANIFEST_DOCUMENT);
    expect((await rolloutVersion(store, 'm', '1')).state).toBe('UNCHANGED');
    expect((await rolloutVersion(store, 'm', '2')).state).toBe('UNCHANGED');
    expect(await store.readDocument('m', MANIFEST_DOCUMENT)).toEqual(before);
  });

  it('fails a model that lacks a required signature', async () => {
    const store = newStore();
    await putVersion(store, 'm', '1', HALF_PLUS_TWO_V1, { marker: true });
    const r = await rolloutVersion(store, 'm', '1', { config: { requiredSignatures: ['serving_default', 'embed'] } });
    expect(r.state).toBe('FAILED');
    expect(r.reason).toContain('required signature(s) embed not found; the model has classify_x_to_y, regress_x_to_y, serving_default');
  });

  it('records the configured version policy on publish', async () => {
    const store = newStore();
    await putVersion(store, 'm', '1', HALF_PLUS_TWO_V1, { marker: true });
    await rolloutVersion(store, 'm', '1', { config: { policy: { kind: 'latest', numVersions: 2 } } });
    expect((await manifestOf(store))!.policy).toEqual({ kind: 'latest', numVersions: 2 });
  });

  it.each([
    ['a model name with ".."', () => rolloutVersion(newStore(), '..', '1')],
    ['a version directory that is not a number', () => rolloutVersion(newStore(), 'm', '1a')],
    ['an unknown option', () => rolloutVersion(newStore(), 'm', '1', { confg: {} } as never)],
    ['an unknown config key', () => rolloutVersion(newStore(), 'm', '1', { config: { enigne: 'native' } as never })],
    ['an auto label rule other than latest', () => rolloutVersion(newStore(), 'm', '1', { config: { autoLabels: { canary: 'oldest' as never } } })],
  ])('refuses %s with INVALID_ARGUMENT before touching the store', async (_scenario, call) => {
    await expect(call()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
