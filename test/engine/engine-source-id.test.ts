// The serving artifact's key names the engine's sources (lib/engine/engine-source-id.ts): the committed id must be
// the hash of the sources as they are, or artifacts written by other engine code would pass as current.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { engineSourceId } from '../../scripts/engine-source-id.mjs';
import { ARTIFACT_ENGINE } from '../../lib/engine/index.ts';
import { ENGINE_SOURCE_ID } from '../../lib/engine/engine-source-id.ts';

describe('engine source id', () => {
  it('is the hash of the engine sources as committed (after changing lib/engine, lib/savedmodel or lib/tensor: npm run gen:engine-id)', () => {
    expect(ENGINE_SOURCE_ID).toBe(engineSourceId());
  });

  it('is part of every serving artifact key', () => {
    expect(ARTIFACT_ENGINE).toContain(`engine ${ENGINE_SOURCE_ID}`);
  });
});
