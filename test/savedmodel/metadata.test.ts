import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderModelMetadata, SavedModel } from '../../lib/savedmodel/index.ts';
import { BUNDLED_MODELS, goldenFiles, hasTfServingTestdata, LOCAL_FIXTURES, SHARED_FIXTURES, TFSERVING_TESTDATA, TFSERVING_TESTDATA_SKIP, versionDir } from '../helpers/fixtures.ts';


const goldens = [...goldenFiles(SHARED_FIXTURES), ...goldenFiles(LOCAL_FIXTURES), ...goldenFiles(BUNDLED_MODELS)];
const metadataCases = goldens.flatMap((g) =>
  Object.entries(g.metadata ?? {}).map(([v, body]) => [`${g.model} v${v}`, g, v, body] as const),
);

describe('model metadata in TF Serving JSON', () => {
  it.each(metadataCases)('%s equals the golden metadata', async (_n, g, v, body) => {
    const model = await SavedModel.fromDir(versionDir(g.modelDir, v));
    expect(renderModelMetadata(g.model, v, model.metaGraph())).toEqual(body);
  });
});

if (!hasTfServingTestdata) console.log(TFSERVING_TESTDATA_SKIP);
describe.skipIf(!hasTfServingTestdata)("TF Serving's own metadata responses", () => {
  const tfs = TFSERVING_TESTDATA;
  const read = (f: string) => JSON.parse(readFileSync(join(tfs, f), 'utf8'));

  it('half_plus_two (model name "default") matches half_plus_two_model_metadata.json', async () => {
    const model = await SavedModel.fromDir(join(tfs, 'saved_model_half_plus_two_cpu/00000123'));
    expect(renderModelMetadata('default', 123, model.metaGraph())).toEqual(read('half_plus_two_model_metadata.json'));
  });

  it('matches saved_model_half_plus_two_2_versions_metadata.json', async () => {
    const model = await SavedModel.fromDir(join(tfs, 'saved_model_half_plus_two_2_versions/00000123'));
    expect(renderModelMetadata('saved_model_half_plus_two_2_versions', '123', model.metaGraph())).toEqual(
      read('saved_model_half_plus_two_2_versions_metadata.json'),
    );
  });

  it('lists __saved_model_init_op for the TF2 export like TF Serving', async () => {
    const model = await SavedModel.fromDir(join(tfs, 'saved_model_half_plus_two_tf2_cpu/00000123'));
    const got = renderModelMetadata('saved_model_half_plus_two_2_versions', 123, model.metaGraph()) as any;
    // The shared file is hand-written: it omits "defaults" on the init op and empties serving_default's
    // (fixtures/README.md). The generated golden for this model checks the full defaults tensor.
    const sigs = got.metadata.signature_def.signature_def;
    delete sigs.__saved_model_init_op.defaults;
    expect(Object.keys(sigs.serving_default.defaults)).toEqual(['x']);
    sigs.serving_default.defaults = {};
    expect(got).toEqual(read('saved_model_half_plus_two_tf2_2_versions_metadata.json'));
  });
});
