// A second, distinguishable version of the bundled half_plus_two: the same graph with the variable b = 3
// (y = 0.5x + 3), its checkpoint rewritten with the test bundle writer. Lets a test tell versions apart by answer.
import { readModelDir } from '../../lib/savedmodel/index.ts';
import { SavedModel } from '../../lib/savedmodel/index.ts';
import { le, writeBundle } from './bundle-writer.ts';
import { HALF_PLUS_TWO_V1 } from './model-dirs.ts';

/** relative path → bytes of half_plus_three, in the order an uploader would send them (graph first, data last). */
export async function halfPlusThreeFiles(): Promise<[string, Uint8Array][]> {
  const files = await readModelDir(HALF_PLUS_TWO_V1);
  const bundle = (await SavedModel.fromDir(HALF_PLUS_TWO_V1)).variables()!;
  const graph = bundle.readTensor('_CHECKPOINTABLE_OBJECT_GRAPH').data as Uint8Array[];
  const variables = writeBundle([
    { key: '_CHECKPOINTABLE_OBJECT_GRAPH', dtype: 'DT_STRING', shape: [], data: graph },
    { key: 'a/.ATTRIBUTES/VARIABLE_VALUE', dtype: 'DT_FLOAT', shape: [], data: le(Float32Array.of(0.5)) },
    { key: 'b/.ATTRIBUTES/VARIABLE_VALUE', dtype: 'DT_FLOAT', shape: [], data: le(Float32Array.of(3)) },
  ]);
  const out: [string, Uint8Array][] = files.paths().filter((p) => !p.startsWith('variables/')).map((p) => [p, files.get(p)!]);
  out.push(...[...variables].sort(([a], [b]) => (a.endsWith('.index') ? -1 : b.endsWith('.index') ? 1 : 0)));
  return out;
}
