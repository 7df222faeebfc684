// Lookup tables, built at load by our code instead of by running the init ops (TensorFlow.js has no
// table initializers, and runs no init op): every HashTable(V2) an init op fills is built on the host
// (text-file-table.ts, or constant keys/values), and the graph is rewritten so the lookups read it:
//   HashTableV2 "t"                 -> Const "t" (the table's keys, sorted; see table-contents.ts)
//                                    + Const "t/_table_values" (the values, aligned)
//   LookupTableFindV2(h, keys, dflt) -> TfsLookupTableFind("t", keys, dflt, "t/_table_values")
//   LookupTableSizeV2(h)             -> TfsLookupTableSize("t")
// h is traced through Identity / call-argument chains to its table; tables sharing a shared_name are one
// table (TF's ResourceMgr). The lookups run as custom ops (lib/engine/ops/lookup-table.ts) with no state
// of their own, so any number of models and tables coexist in one process. They get names of our own
// because TensorFlow.js treats any node named LookupTable*/HashTable* as a dynamic op that only
// executeAsync may run (tfjs-converter executor/model_analysis.ts HASH_TABLE_OPS), whoever executes it.
import { ServingError } from '../../errors/index.ts';
import { type AttrValueMessage, type NodeDefMessage } from '../../savedmodel/index.ts';
import { decodeTensorProto, type DType, dtypeName, type HostTensor, toSafeNumber } from '../../tensor/index.ts';
import type { Graph } from './graph.ts';
import { initOpNodes } from './init-ops.ts';
import { isControl } from './node-refs.ts';
import type { OpDefs } from './op-defs.ts';
import { type AssetSource, readTableFile } from './table-assets.ts';
import { TableBuilder, type TableElement } from './table-contents.ts';
import { readTextFileTable } from './text-file-table.ts';

/** Initialisable table handles (tensorflow/core/ops/lookup_ops.cc). */
export const TABLE_HANDLE_OPS: ReadonlySet<string> = new Set(['HashTableV2', 'HashTable']);
/** Tables filled by other means (inserts, checkpoint imports), which the portable engine lacks. */
const OTHER_TABLE_OPS = new Set(['MutableHashTableV2', 'MutableHashTable', 'MutableHashTableOfTensorsV2', 'MutableHashTableOfTensors', 'MutableDenseHashTableV2', 'MutableDenseHashTable', 'AnonymousHashTable', 'AnonymousMutableHashTable']);
const TEXT_FILE_INIT_OPS = new Set(['InitializeTableFromTextFileV2', 'InitializeTableFromTextFile']);
// LookupTableImportV2 is how TF2's KeyValueTensorInitializer fills a table (Keras 3 lookup layers put it in
// __saved_model_init_op with constant keys and values); on a HashTable it inserts like InitializeTableV2.
const TENSOR_INIT_OPS = new Set(['InitializeTableV2', 'InitializeTable', 'LookupTableImportV2', 'LookupTableImport']);
const FIND_OPS = new Set(['LookupTableFindV2', 'LookupTableFind']);
const SIZE_OPS = new Set(['LookupTableSizeV2', 'LookupTableSize']);
/** The ops the rewritten lookups run as (lib/engine/ops/lookup-table.ts). */
export const TABLE_FIND_OP = 'TfsLookupTableFind';
export const TABLE_SIZE_OP = 'TfsLookupTableSize';
const DT_INT64 = 9;
/** Name suffix of the Const holding a table's values. */
export const TABLE_VALUES_SUFFIX = '/_table_values';

export interface TableContext extends AssetSource {
  reg: OpDefs;
  /** Tables are built once per key (the MetaGraphDef): every signature of a model shares them. */
  cacheKey: object;
  /** Init op node names (init-ops.ts initOpRoots). */
  initRoots: string[];
  /** Constant values by node name; table contents are added here. */
  weights: Map<string, HostTensor>;
}

interface BuiltTable {
  keyDtype: DType;
  valueDtype: DType;
  keys: HostTensor;
  values: HostTensor;
}

const text = (a: AttrValueMessage | undefined) => (a?.s ? new TextDecoder().decode(a.s) : '');

/** A node attr, or its OpDef default when stripped (strip_default_attrs=True exports drop them). */
function attr(node: NodeDefMessage, name: string, reg: OpDefs): AttrValueMessage | undefined {
  return node.attr?.[name] ?? reg.opDef(node.op)?.attr?.find((a) => a.name === name)?.default_value ?? undefined;
}

function intAttr(node: NodeDefMessage, name: string, reg: OpDefs, fallback: number): number {
  const v = attr(node, name, reg)?.i;
  return v === undefined || v === null ? fallback : toSafeNumber(v, `attr ${name} of '${node.name}'`);
}

/** Resource identity: container/shared_name, or the node itself when it shares nothing. */
function tableId(n: NodeDefMessage): string {
  const shared = text(n.attr?.shared_name);
  return shared ? `${text(n.attr?.container)}/${shared}` : `node:${n.name}`;
}

const dataInputs = (n: NodeDefMessage) => (n.input ?? []).filter((i) => !isControl(i));

/** A constant's value (a frozen variable's from `weights`). */
function constValue(graph: Graph, ref: string, weights: Map<string, HostTensor>, where: string): HostTensor {
  const { node } = graph.resolve(ref);
  const frozen = weights.get(node.name);
  if (frozen) return frozen;
  const t = node.attr?.value?.tensor;
  if (node.op !== 'Const' || !t) throw new ServingError('UNIMPLEMENTED', `${where}: '${ref}' is not a constant`);
  return decodeTensorProto(t, `Const '${node.name}'`);
}

function elements(t: HostTensor): TableElement[] {
  return Array.from(t.data as ArrayLike<TableElement>);
}

function buildTable(graph: Graph, init: NodeDefMessage, handle: NodeDefMessage, ctx: TableContext): BuiltTable {
  const where = `table initializer '${init.name}'`;
  const keyDtype = dtypeName(attr(handle, 'key_dtype', ctx.reg)?.type) as DType;
  const valueDtype = dtypeName(attr(handle, 'value_dtype', ctx.reg)?.type) as DType;
  const builder = new TableBuilder(keyDtype, valueDtype);
  const [, a, b] = dataInputs(init);
  if (TEXT_FILE_INIT_OPS.has(init.op)) {
    const { bytes, filename } = readTableFile(graph, a, ctx, where);
    readTextFileTable(bytes, builder, {
      keyDtype,
      valueDtype,
      keyIndex: intAttr(init, 'key_index', ctx.reg, -2),
      valueIndex: intAttr(init, 'value_index', ctx.reg, -1),
      vocabSize: intAttr(init, 'vocab_size', ctx.reg, -1),
      delimiter: attr(init, 'delimiter', ctx.reg)?.s ?? new Uint8Array([0x09]),
      offset: intAttr(init, 'offset', ctx.reg, 0),
      filename,
    });
  } else {
    const keys = constValue(graph, a, ctx.weights, where);
    const values = constValue(graph, b, ctx.weights, where);
    // lookup_table_init_op.cc InitializeTableOp
    if (keys.data.length !== values.data.length) {
      throw new ServingError('INVALID_ARGUMENT', `Keys and values must have the same size ${keys.data.length} vs ${values.data.length}`);
    }
    const k = elements(keys);
    const v = elements(values);
    for (let i = 0; i < k.length; i++) builder.insert(k[i], v[i]);
  }
  return { keyDtype, valueDtype, ...builder.pack() };
}

const CACHE = new WeakMap<object, Map<string, BuiltTable>>();

/**
 * Builds every table the init ops fill (a failing one fails the load, as in TF), keyed by tableId; a table
 * initialised twice keeps its first contents.
 */
function buildTables(graph: Graph, ctx: TableContext): Map<string, BuiltTable> {
  const cached = CACHE.get(ctx.cacheKey);
  if (cached) return cached;
  const built = new Map<string, BuiltTable>();
  for (const init of initOpNodes(graph, ctx.initRoots)) {
    if (!TEXT_FILE_INIT_OPS.has(init.op) && !TENSOR_INIT_OPS.has(init.op)) continue;
    const handle = graph.resolve(dataInputs(init)[0]).node;
    if (!TABLE_HANDLE_OPS.has(handle.op)) {
      throw new ServingError('UNIMPLEMENTED', `table initializer '${init.name}' fills a ${handle.op} ('${handle.name}'), which the portable engine does not support`);
    }
    const id = tableId(handle);
    if (!built.has(id)) built.set(id, buildTable(graph, init, handle, ctx));
  }
  CACHE.set(ctx.cacheKey, built);
  return built;
}

/** Checks a lookup's declared dtypes against its table (lookup_util.cc CheckTableDataTypes). */
function checkDtypes(n: NodeDefMessage, table: BuiltTable, name: string): void {
  const tin = n.attr?.Tin?.type;
  const tout = n.attr?.Tout?.type;
  const want = (x: number | undefined, d: DType) => x === undefined || dtypeName(x) === d;
  if (!want(tin, table.keyDtype) || !want(tout, table.valueDtype)) {
    const s = (d: string) => d.slice(3).toLowerCase();
    throw new ServingError(
      'INVALID_ARGUMENT',
      `Conflicting key/value dtypes ${s(dtypeName(tin))}->${s(dtypeName(tout))} with ${s(table.keyDtype)}-${s(table.valueDtype)} for table ${name}`,
    );
  }
}

/**
 * Builds the tables filled by the init ops and rewrites their handles and lookups (see the file comment).
 * Tables no init op fills are left alone; checkTables() refuses them if a signature needs one.
 */
export function materializeLookupTables(graph: Graph, ctx: TableContext): void {
  const built = buildTables(graph, ctx);
  if (built.size === 0) return;
  const tables = new Map<string, BuiltTable>();
  for (const n of [...graph.nodes.values()]) {
    const table = TABLE_HANDLE_OPS.has(n.op) ? built.get(tableId(n)) : undefined;
    if (!table) continue;
    const valuesName = n.name + TABLE_VALUES_SUFFIX;
    if (graph.nodes.has(valuesName)) throw new ServingError('INVALID_ARGUMENT', `graph already has a node named '${valuesName}'`);
    graph.nodes.set(n.name, { name: n.name, op: 'Const', input: [], attr: { dtype: { type: n.attr?.key_dtype?.type ?? 0 } } });
    graph.nodes.set(valuesName, { name: valuesName, op: 'Const', input: [], attr: { dtype: { type: n.attr?.value_dtype?.type ?? 0 } } });
    ctx.weights.set(n.name, table.keys);
    ctx.weights.set(valuesName, table.values);
    tables.set(n.name, table);
  }
  for (const n of graph.nodes.values()) {
    if (!FIND_OPS.has(n.op) && !SIZE_OPS.has(n.op)) continue;
    const inputs = n.input!;
    const handle = graph.resolve(inputs[0]).node.name;
    const table = tables.get(handle);
    if (!table) continue;
    inputs[0] = handle;
    if (FIND_OPS.has(n.op)) {
      checkDtypes(n, table, handle);
      // After the three data inputs (keys, default_value), before any control input.
      inputs.splice(dataInputs(n).length, 0, handle + TABLE_VALUES_SUFFIX);
      n.op = TABLE_FIND_OP;
    } else {
      n.op = TABLE_SIZE_OP;
    }
    // Our ops have no OpDef: `T` tells the dtype pass (dtype-infer.ts falls back to it) the output dtype.
    n.attr = { ...n.attr, T: { type: n.op === TABLE_FIND_OP ? (n.attr?.Tout?.type ?? 0) : DT_INT64 } };
  }
}

/** Refuses, at load, a pruned graph that still needs a table nobody fills (TF fails each lookup instead). */
export function checkTables(nodes: NodeDefMessage[], where: string): void {
  for (const n of nodes) {
    if (TABLE_HANDLE_OPS.has(n.op)) {
      // lookup_table_op.h: "Table not initialized." for every lookup, FAILED_PRECONDITION.
      throw new ServingError('FAILED_PRECONDITION', `${where}: table '${n.name}' is not initialized by the SavedModel's init op (Table not initialized.)`);
    }
    if (OTHER_TABLE_OPS.has(n.op)) {
      throw new ServingError('UNIMPLEMENTED', `${where}: op '${n.op}' (node '${n.name}') is not supported by the portable engine`);
    }
  }
}
