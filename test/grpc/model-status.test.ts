// ModelService over real gRPC: GetModelStatus from the provider's version states; no config reloads.
import { status } from '@grpc/grpc-js';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLED_MODELS } from '../helpers/fixtures.ts';
import { type Message, useGrpcServer } from './grpc-harness.ts';

// A model with versions 1 and 00000007 (TF Serving reads zero-padded version directories as numbers).
const twoVersions = mkdtempSync(join(tmpdir(), 'grpc-status-'));
symlinkSync(join(BUNDLED_MODELS, 'half_plus_two/1'), join(twoVersions, '1'));
symlinkSync(join(BUNDLED_MODELS, 'half_plus_two/1'), join(twoVersions, '00000007'));

const grpc = useGrpcServer({ models: { half_plus_two: join(BUNDLED_MODELS, 'half_plus_two'), two: twoVersions } });
afterAll(() => rmSync(twoVersions, { recursive: true, force: true }));

const rows = (res: Message) =>
  res.model_version_status.map((s: Message) => [s.version.toString(), s.state, s.status?.error_code ?? 0, s.status?.error_message ?? '']);

describe('GetModelStatus', () => {
  it('reports the available version with an OK status (AVAILABLE = 30)', async () => {
    const res = await grpc.call('GetModelStatus', { model_spec: { name: 'half_plus_two' } });
    expect(rows(res)).toEqual([['1', 30, 0, '']]);
  });

  it('lists every version newest first, or only the version asked for', async () => {
    expect(rows(await grpc.call('GetModelStatus', { model_spec: { name: 'two' } })).map((r: unknown[]) => r[0])).toEqual(['7', '1']);
    expect(rows(await grpc.call('GetModelStatus', { model_spec: { name: 'two', version: { value: 1 } } }))).toEqual([['1', 30, 0, '']]);
  });

  it('ignores a version label, as TF Serving does', async () => {
    const res = await grpc.call('GetModelStatus', { model_spec: { name: 'half_plus_two', version_label: 'stable' } });
    expect(rows(res)).toEqual([['1', 30, 0, '']]);
  });

  it.each([
    ['an unknown model', { model_spec: { name: 'foo' } }, status.NOT_FOUND, 'Could not find any versions of model foo'],
    ['an unknown version', { model_spec: { name: 'half_plus_two', version: { value: 3 } } }, status.NOT_FOUND, 'Could not find version 3 of model half_plus_two'],
    ['no model_spec', {}, status.INVALID_ARGUMENT, 'Missing ModelSpec'],
  ])('rejects %s', async (_scenario, request, code, message) => {
    const e = await grpc.errorOf('GetModelStatus', request);
    expect([e.code, e.details]).toEqual([code, message]);
  });
});

describe('HandleReloadConfigRequest', () => {
  it('answers UNIMPLEMENTED: the registry owns the model configuration', async () => {
    const e = await grpc.errorOf('HandleReloadConfigRequest', { config: { model_config_list: { config: [{ name: 'm', base_path: '/m' }] } } });
    expect(e.code).toBe(status.UNIMPLEMENTED);
    expect(e.details).toMatch(/HandleReloadConfigRequest is not supported/);
  });
});
