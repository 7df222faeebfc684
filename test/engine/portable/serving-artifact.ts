// Serving from the precompiled artifact answers exactly (byte for byte, as REST JSON) what serving from the
// SavedModel answers, for every golden case of every zoo model and of the bundled examples. Defined once, run
// on each backend (serving-artifact-{wasm,cpu}.test.ts). ZOO_FAMILY=<family> narrows the zoo part.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnServable } from '../../../lib/api/rest/run-inference.ts';
import { type BackendName, ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { buildServingArtifact, loadServingArtifact, PortableServable } from '../../../lib/engine/index.ts';
import { SavedModel } from '../../../lib/savedmodel/index.ts';
import { BUNDLED_MODELS, goldenFiles, versionDir } from '../../helpers/fixtures.ts';
import { zooGoldens } from '../zoo.ts';

/** What a request answers: the REST body, or the error's code and text. */
const answer = (s: PortableServable, method: string, body: string) =>
  runOnServable(s, method as never, body).then((text) => text, (e: { code?: string; message: string }) => `${e.code}: ${e.message}`);

export function defineArtifactSuites(backend: BackendName): void {
  beforeAll(async () => {
    expect(await ensureBackend(backend)).toBe(backend);
  });
  const open: PortableServable[] = [];
  afterAll(() => open.forEach((s) => s.dispose()));
  const goldens = [...zooGoldens(), ...(process.env.ZOO_FAMILY ? [] : goldenFiles(BUNDLED_MODELS).map((g) => ({ ...g, id: `models/${g.file.split('/').pop()}` })))];
  describe.each(goldens.map((g) => [g.id, g] as const))(`%s (${backend})`, (_id, g) => {
    it('answers every golden case from the artifact exactly as from the SavedModel (or has no artifact, saying why)', async () => {
      for (const v of [...new Set(g.cases.map((c) => c.version))]) {
        const model = await SavedModel.fromDir(versionDir(g.modelDir, v));
        const { bytes, reason } = await buildServingArtifact(model, 'k', { backend });
        if (!bytes) {
          expect(reason).toMatch(/variables its signatures write/);
          continue;
        }
        const saved = await PortableServable.load(model, { backend });
        const lazy = await loadServingArtifact(bytes, g.modelDir, { backend, lazy: true });
        const eager = await loadServingArtifact(bytes, g.modelDir, { backend });
        open.push(saved, lazy, eager);
        expect(lazy.signatures()).toEqual(saved.signatures());
        for (const c of g.cases.filter((x) => x.version === v)) {
          const want = await answer(saved, c.method, c.request_body);
          expect(await answer(lazy, c.method, c.request_body), c.note).toBe(want);
          expect(await answer(eager, c.method, c.request_body), c.note).toBe(want);
        }
        expect(eager.signatureStatus()).toEqual(saved.signatureStatus());
      }
    });
  });
}
