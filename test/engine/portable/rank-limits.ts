// Ranks 0..8 through half_plus_two (elementwise Mul + Add) on one backend: each rank is computed correctly
// (y = x/2 + 2) or refused with INVALID_ARGUMENT, never answered with a wrong number (the wasm backend's
// XNNPACK kernels return uninitialised memory past rank 6). Run per backend: rank-limits-{wasm,cpu}.test.ts.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostTensor } from '../../../lib/engine/index.ts';
import { type BackendName, ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { PortableServable } from '../../../lib/engine/portable/portable-servable.ts';
import { SavedModel } from '../../../lib/savedmodel/index.ts';
import { BUNDLED_MODELS } from '../../helpers/fixtures.ts';

export function defineRankSuite(backend: BackendName, maxRank: number): void {
  let servable: PortableServable;
  beforeAll(async () => {
    expect(await ensureBackend(backend)).toBe(backend);
    servable = await PortableServable.load(await SavedModel.fromDir(join(BUNDLED_MODELS, 'half_plus_two/1')), { backend });
  });
  afterAll(() => servable.dispose());

  describe(`ranks on ${backend}`, () => {
    it.each([0, 1, 2, 3, 4, 5, 6, 7, 8])('rank %i is right or refused', async (rank) => {
      const shape: number[] = Array.from({ length: rank }, (_, i): number => (i === 0 ? 3 : i === rank - 1 ? 2 : 1));
      const n = shape.reduce((a, b) => a * b, 1);
      const x: HostTensor = { dtype: 'DT_FLOAT', shape, data: Float32Array.from({ length: n }, (_, i) => i) };
      const run = servable.run('serving_default', new Map([['x', x]]));
      if (rank > maxRank) {
        await expect(run).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining(`rank at most ${maxRank}`) });
        return;
      }
      const y = (await run).get('y')!;
      expect(y.shape).toEqual(shape);
      expect(Array.from(y.data as Float32Array)).toEqual(Array.from({ length: n }, (_, i) => i / 2 + 2));
    });
  });
}
