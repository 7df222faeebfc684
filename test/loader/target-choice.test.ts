// The per-model engine choice (lib/loader/target-choice.ts) that rollout records and `serve --engine=per-model`
// applies: the portable engine unless it refuses the version, cannot run all of it, or runs it over a threshold;
// then the native engine when it is installed, else the portable engine's partial load or its refusal.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nativeEngineAvailable } from '../../lib/engine/index.ts';
import { chooseTarget, type LoadedVersion, loadChosenVersion } from '../../lib/loader/index.ts';
import { readModelDir } from '../../lib/savedmodel/index.ts';
import { REPO_ROOT } from '../helpers/fixtures.ts';
import { HALF_PLUS_TWO_V1 } from '../helpers/model-dirs.ts';

const SPECIAL = join(REPO_ROOT, 'test/fixtures/heavy/special_functions/1');
const PARTIAL = join(REPO_ROOT, 'test/fixtures/zoo/contract/partial_signatures/1');
const native = await nativeEngineAvailable();
const loaded: LoadedVersion[] = [];
afterEach(() => loaded.splice(0).forEach((l) => l.servable.dispose()));
const keep = (l: LoadedVersion | undefined) => (l && loaded.push(l), l);

describe('chooseTarget', () => {
  it('keeps a version the portable engine runs within the thresholds', async () => {
    const choice = await chooseTarget(await readModelDir(HALF_PLUS_TWO_V1), 'h2', {}, { maxModelBytes: 10_000_000 });
    keep(choice.loaded);
    expect(choice.heavyReason).toBeUndefined();
    expect(choice.loaded?.servable.engine).toBe('portable');
  });

  it('says heavy, with the refusal, for a version the portable engine refuses', async () => {
    const choice = await chooseTarget(await readModelDir(SPECIAL), 'special', {});
    expect(choice.loaded).toBeUndefined();
    expect(choice.refusal?.code).toBe('UNIMPLEMENTED');
    expect(choice.heavyReason).toMatch(/^the portable engine refuses it: UNIMPLEMENTED: /);
  });

  it('says heavy for a version over maxModelBytes without loading it', async () => {
    const choice = await chooseTarget(await readModelDir(HALF_PLUS_TWO_V1), 'h2', {}, { maxModelBytes: 1 });
    expect(choice.loaded).toBeUndefined();
    expect(choice.heavyReason).toMatch(/over heavy.maxModelBytes 1$/);
  });
});

describe('loadChosenVersion with engine per-model', () => {
  it('serves a model the portable engine runs on the portable engine', async () => {
    expect(keep(await loadChosenVersion(await readModelDir(HALF_PLUS_TWO_V1), 'h2', { engine: 'per-model' }))!.servable.engine).toBe('portable');
  });

  it.runIf(native)('serves refused and partial models on the native engine where it is installed', async () => {
    for (const dir of [SPECIAL, PARTIAL]) {
      const l = keep(await loadChosenVersion(await readModelDir(dir), dir, { engine: 'per-model' }))!;
      expect(l.servable.engine).toBe('native');
      expect(l.servable.signatureStatus().every((s) => s.available)).toBe(true);
    }
  });

  it.skipIf(native)('without the native engine, keeps a partial portable load and throws a refusal', async () => {
    const partial = keep(await loadChosenVersion(await readModelDir(PARTIAL), 'p', { engine: 'per-model' }))!;
    expect(partial.servable.engine).toBe('portable');
    await expect(loadChosenVersion(await readModelDir(SPECIAL), 's', { engine: 'per-model' })).rejects.toMatchObject({ code: 'UNIMPLEMENTED' });
  });
});
