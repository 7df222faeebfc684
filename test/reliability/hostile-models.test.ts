// Hostile SavedModels end with a clear error at load, before anything big is allocated (issue 10).
import { describe, expect, it } from 'vitest';
import { PortableServable } from '../../lib/engine/index.ts';
import { isServingError } from '../../lib/errors/index.ts';
import { modelFilesFromMap, SavedModel } from '../../lib/savedmodel/index.ts';
import { controlCycleModel, fillConstModel, plusOneModel, runtimeFillModel, selfReferenceModel, twoNodeCycleModel } from '../helpers/hostile-models.ts';

const modelOf = (text: string) => SavedModel.fromFiles(modelFilesFromMap({ 'saved_model.pbtxt': new TextEncoder().encode(text) }), '<hostile>');

async function loadError(text: string, limits?: { maxModelBytes?: number; maxGraphNodes?: number }): Promise<{ code: string; message: string }> {
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const err = await PortableServable.load(modelOf(text), { limits }).then((s) => (s.dispose(), undefined), (e: unknown) => e);
  expect(performance.now() - started).toBeLessThan(2000);
  expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  if (!isServingError(err)) throw new Error(`expected a ServingError, got ${String(err)}`);
  return { code: err.code, message: err.message };
}

describe('hostile models at load', () => {
  it('refuses a broadcast-fill Const past the model byte limit, naming the node and the bytes', async () => {
    const { code, message } = await loadError(fillConstModel(), { maxModelBytes: 64 * 1024 * 1024 });
    expect(code).toBe('RESOURCE_EXHAUSTED');
    expect(message).toContain("Const 'big' needs 1600000000 bytes");
    expect(message).toContain('67108864');
  });

  it('refuses the same Const under the default limit (from the machine memory) too', async () => {
    const { code } = await loadError(fillConstModel(40_000_000_000));
    expect(code).toBe('RESOURCE_EXHAUSTED');
  });

  it('loads a fill Const within the limit and fills it with the last value', async () => {
    const s = await PortableServable.load(modelOf(fillConstModel(4)), { limits: { maxModelBytes: 1024 } });
    const out = await s.run('serving_default', new Map([['x', { dtype: 'DT_FLOAT', shape: [4], data: new Float32Array([1, 2, 3, 4]) }]]));
    expect([...(out.get('x')!.data as Float32Array)]).toEqual([2, 3, 4, 5]);
    s.dispose();
  });

  it('refuses a graph over the node limit', async () => {
    const { code, message } = await loadError(plusOneModel(), { maxGraphNodes: 2 });
    expect(code).toBe('RESOURCE_EXHAUSTED');
    expect(message).toContain('3 nodes, over the limit of 2');
  });

  it.each([
    ['two nodes feeding each other', twoNodeCycleModel(), "'a' reads 'b' reads 'a'"],
    ['a cycle through control inputs', controlCycleModel(), "'a' reads 'b' reads 'a'"],
    ['a node reading itself', selfReferenceModel(), "node 'a' (AddV2) reads its own output"],
  ])('refuses %s with the node names', async (_, text, names) => {
    const { code, message } = await loadError(text);
    expect(code).toBe('INVALID_ARGUMENT');
    expect(message).toContain(names);
  });

  it('refuses two nodes with one name', async () => {
    // plusOneModel's 'one' once more, as a second Const (the graph table is built by name: the check is there).
    const text = plusOneModel().replace('graph_def { ', 'graph_def { node { name: "one" op: "NoOp" }\n');
    const { code, message } = await loadError(text);
    expect(code).toBe('INVALID_ARGUMENT');
    expect(message).toContain("two nodes are named 'one'");
  });
});
