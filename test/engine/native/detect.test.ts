// Choosing an engine by name: 'native' never falls back silently, 'auto' takes native only when it is installed.
import { describe, expect, it } from 'vitest';
import { loadServable, nativeEngineAvailable, nativeEngineUnavailableReason } from '../../../lib/engine/index.ts';
import { isServingError } from '../../../lib/errors/index.ts';
import { SavedModel } from '../../../lib/savedmodel/index.ts';
import { nativeAvailable } from './native-available.ts';
import { HALF_PLUS_TWO_V1 } from '../../helpers/model-dirs.ts';

describe('native engine detection', () => {
  it('probes the package once and answers the same every time', async () => {
    expect(await nativeEngineAvailable()).toBe(nativeAvailable);
    expect(nativeEngineUnavailableReason() === '').toBe(nativeAvailable);
  });

  it.skipIf(nativeAvailable)('refuses engine native with UNAVAILABLE naming the package and the reason', async () => {
    const err = await loadServable(await SavedModel.fromDir(HALF_PLUS_TWO_V1), { engine: 'native' }).catch((e) => e);
    expect(isServingError(err)).toBe(true);
    expect(err.code).toBe('UNAVAILABLE');
    expect(err.message).toBe(
      `the native engine needs the optional package @tensorflow/tfjs-node, which is not installed: ${nativeEngineUnavailableReason()}`,
    );
    expect(nativeEngineUnavailableReason()).toMatch(/tfjs-node/);
  });

  it.skipIf(nativeAvailable)('falls back to the portable engine for auto', async () => {
    const servable = await loadServable(await SavedModel.fromDir(HALF_PLUS_TWO_V1), { engine: 'auto' });
    expect(servable.engine).toBe('portable');
    servable.dispose();
  });

  it.skipIf(!nativeAvailable)('picks the native engine for auto and for native', async () => {
    for (const engine of ['auto', 'native'] as const) {
      const servable = await loadServable(await SavedModel.fromDir(HALF_PLUS_TWO_V1), { engine });
      expect(servable.engine).toBe('native');
      servable.dispose();
    }
  });

  it('rejects an unknown engine name with INVALID_ARGUMENT', async () => {
    const model = await SavedModel.fromDir(HALF_PLUS_TWO_V1);
    const err = await loadServable(model, { engine: 'gpu' as 'auto' }).catch((e) => e);
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toMatch(/unknown engine 'gpu'/);
  });
});
