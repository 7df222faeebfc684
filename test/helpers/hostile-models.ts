// The reliability suite's corrupt-model corpus (issue 10): small SavedModels that attack the loader's
// memory and time bounds, written with the project's own tiny-graph generator. Each is a saved_model.pbtxt
// text; writeHostileVersion puts one into a served directory.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constNode, placeholder, type TinyNode, tinyModelText } from './tiny-graph-model.ts';

const F = 'DT_FLOAT';
const io = (ref: string) => ({ x: [ref, F] as [string, string] });
const tInt = { T: `type: ${F}` };

/** A Const of shape [400000000] with one float_val: TF fills it with the last value (1.6 GB once decoded). */
export function fillConstModel(elements = 400_000_000): string {
  const big = constNode('big', F, [1], [elements]);
  return tinyModelText([placeholder('x', F), big, { name: 'y', op: 'AddV2', input: ['x', 'big'], attr: tInt }], io('x:0'), io('y:0'));
}

/** Two nodes feeding each other (no NextIteration on the cycle). */
export function twoNodeCycleModel(): string {
  return tinyModelText(
    [placeholder('x', F), { name: 'a', op: 'AddV2', input: ['x', 'b'], attr: tInt }, { name: 'b', op: 'Identity', input: ['a'], attr: tInt }],
    io('x:0'),
    io('a:0'),
  );
}

/** A node that reads its own output. */
export function selfReferenceModel(): string {
  return tinyModelText([placeholder('x', F), { name: 'a', op: 'AddV2', input: ['x', 'a'], attr: tInt }], io('x:0'), io('a:0'));
}

/** A cycle through control inputs only (^b, ^a). */
export function controlCycleModel(): string {
  return tinyModelText(
    [placeholder('x', F), { name: 'a', op: 'Identity', input: ['x', '^b'], attr: tInt }, { name: 'b', op: 'Identity', input: ['x', '^a'], attr: tInt }],
    io('x:0'),
    io('a:0'),
  );
}

/** A valid graph whose Fill asks for `dims` at request time ([1e5, 1e5] floats = 40 GB), plus x. */
export function runtimeFillModel(dims: number[] = [100_000, 100_000]): string {
  const nodes: TinyNode[] = [
    placeholder('x', F),
    constNode('dims', 'DT_INT32', dims, [dims.length]),
    constNode('one', F, [1], []),
    { name: 'fill', op: 'Fill', input: ['dims', 'one'], attr: { T: `type: ${F}`, index_type: 'type: DT_INT32' } },
    { name: 'y', op: 'AddV2', input: ['fill', 'x'], attr: tInt },
  ];
  return tinyModelText(nodes, io('x:0'), io('y:0'));
}

/** y = sum(Fill([n, n], 1)) + x: a correct model whose requests take a while (n² elements filled and summed). */
export function slowSumModel(n: number): string {
  const nodes: TinyNode[] = [
    placeholder('x', F),
    constNode('dims', 'DT_INT32', [n, n], [2]),
    constNode('one', F, [1], []),
    constNode('axes', 'DT_INT32', [0, 1], [2]),
    { name: 'fill', op: 'Fill', input: ['dims', 'one'], attr: { T: `type: ${F}`, index_type: 'type: DT_INT32' } },
    { name: 'sum', op: 'Sum', input: ['fill', 'axes'], attr: { T: `type: ${F}`, Tidx: 'type: DT_INT32', keep_dims: 'b: false' } },
    { name: 'y', op: 'AddV2', input: ['sum', 'x'], attr: tInt },
  ];
  return tinyModelText(nodes, io('x:0'), io('y:0'));
}

/** y = x + 1: a healthy model to serve beside the hostile ones. */
export function plusOneModel(): string {
  return tinyModelText([placeholder('x', F), constNode('one', F, [1], []), { name: 'y', op: 'AddV2', input: ['x', 'one'], attr: tInt }], io('x:0'), io('y:0'));
}

/**
 * y = x + 1 beside `unused` NoOp nodes no signature reaches (a big training graph exported whole): a healthy
 * model whose pbtxt is huge (1M nodes ≈ 38 MB). Loading it must not hold the event loop (issue 10 item 4).
 */
export function bigGraphModel(unused: number): string {
  const text = plusOneModel();
  const nodes: string[] = [];
  for (let i = 0; i < unused; i++) nodes.push(`node { name: "n${i}" op: "NoOp" }`);
  return text.replace('graph_def { ', `graph_def { ${nodes.join('\n')}\n`);
}

/** Writes `text` as `<base>/<version>/saved_model.pbtxt`; returns the version directory. */
export function writeHostileVersion(base: string, version: number, text: string): string {
  const dir = join(base, String(version));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'saved_model.pbtxt'), text);
  return dir;
}

/** Every load-time attack of the corpus, by name. */
export const LOAD_ATTACKS: Record<string, () => string> = {
  'broadcast-fill Const [400000000]': () => fillConstModel(),
  'two-node cycle': twoNodeCycleModel,
  'self reference': selfReferenceModel,
  'control-edge cycle': controlCycleModel,
};
