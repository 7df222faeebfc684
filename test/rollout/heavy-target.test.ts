// Automatic target choice at rollout (issue 15): with rollout.json `heavy`, a version the portable engine refuses,
// cannot run completely, or runs over a threshold is published AVAILABLE with target 'heavy' and the reason; a
// version it runs within the thresholds is published as before; without `heavy` nothing changes.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nativeEngineAvailable } from '../../lib/engine/index.ts';
import { ManifestCache, type ModelStore } from '../../lib/registry/index.ts';
import { checkRolloutConfig, rolloutVersion } from '../../lib/rollout/index.ts';
import { REPO_ROOT } from '../helpers/fixtures.ts';
import { HALF_PLUS_TWO_V1 } from '../helpers/model-dirs.ts';
import { useTestBucket } from '../helpers/s3.ts';
import { putVersion } from '../helpers/version-upload.ts';

const SPECIAL = join(REPO_ROOT, 'test/fixtures/heavy/special_functions/1');
const PARTIAL = join(REPO_ROOT, 'test/fixtures/zoo/contract/partial_signatures/1');
const testBucket = useTestBucket();
const native = await nativeEngineAvailable();

async function entryOf(store: ModelStore, model: string) {
  return (await new ManifestCache(store, { ttlMs: 0 }).get(model))!.versions.get(1n)!;
}

describe('automatic target choice at rollout', () => {
  it('publishes a version the portable engine refuses as heavy, naming the op', async () => {
    const store = testBucket.store();
    await putVersion(store, 'special', '1', SPECIAL, { marker: true });
    const r = await rolloutVersion(store, 'special', '1', { config: { heavy: {} } });
    expect(r.state).toBe('AVAILABLE');
    const entry = await entryOf(store, 'special');
    expect(entry.target).toBe('heavy');
    expect(entry.heavyReason).toMatch(/^the portable engine refuses it: UNIMPLEMENTED: .*op '(Lgamma|Digamma)'/s);
    // where the native engine is installed, TensorFlow loaded it during rollout; elsewhere the reason says it did not
    if (native) expect(entry.heavyReason).not.toMatch(/not loaded by TensorFlow/);
    else expect(entry.heavyReason).toMatch(/not loaded by TensorFlow during rollout/);
  });

  it('fails such a version without `heavy`, as before', async () => {
    const store = testBucket.store();
    await putVersion(store, 'special2', '1', SPECIAL, { marker: true });
    const r = await rolloutVersion(store, 'special2', '1');
    expect(r.state).toBe('FAILED');
    expect((await entryOf(store, 'special2')).target).toBeUndefined();
  });

  it('sends a version with signatures the portable engine cannot run to the heavy target', async () => {
    const store = testBucket.store();
    await putVersion(store, 'partial', '1', PARTIAL, { marker: true });
    expect((await rolloutVersion(store, 'partial', '1', { config: { heavy: {} } })).state).toBe('AVAILABLE');
    const entry = await entryOf(store, 'partial');
    expect(entry.target).toBe('heavy');
    expect(entry.heavyReason).toMatch(/signature 'log_gamma'/);
    expect(entry.unavailableSignatures?.log_gamma).toBeUndefined(); // the heavy target runs it
  });

  it.each([
    ['a model over heavy.maxModelBytes', { maxModelBytes: 100 }, /files take \d+ bytes, over heavy.maxModelBytes 100/],
    ['a load and warm-up over heavy.maxWarmupMs', { maxWarmupMs: 0 }, /took \d+ ms on the portable engine, over heavy.maxWarmupMs 0/],
  ])('sends %s to the heavy target', async (_s, heavy, reason) => {
    const store = testBucket.store();
    const model = `h2_${Object.keys(heavy)[0].toLowerCase()}`;
    await putVersion(store, model, '1', HALF_PLUS_TWO_V1, { marker: true });
    expect((await rolloutVersion(store, model, '1', { config: { heavy } })).state).toBe('AVAILABLE');
    const entry = await entryOf(store, model);
    expect(entry.target).toBe('heavy');
    expect(entry.heavyReason).toMatch(reason);
  });

  it('keeps a version the portable engine runs within the thresholds on the api function', async () => {
    const store = testBucket.store();
    await putVersion(store, 'h2_small', '1', HALF_PLUS_TWO_V1, { marker: true });
    expect((await rolloutVersion(store, 'h2_small', '1', { config: { heavy: { maxModelBytes: 10_000_000, maxWarmupMs: 600_000 } } })).state).toBe('AVAILABLE');
    const entry = await entryOf(store, 'h2_small');
    expect(entry.target).toBeUndefined();
    expect(entry.heavyReason).toBeUndefined();
  });

  it.each([
    ['an unknown key', { heavy: { maxBytes: 1 } }, /unknown option maxBytes/],
    ['a negative threshold', { heavy: { maxWarmupMs: -1 } }, /heavy.maxWarmupMs must be a non-negative integer/],
    ['another engine', { engine: 'native', heavy: {} }, /heavy applies to the portable engine only/],
  ])('refuses a rollout.json with %s', (_s, config, message) => {
    expect(() => checkRolloutConfig(config as never)).toThrow(message);
  });
});
