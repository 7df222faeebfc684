// Load-time dtype pass: makes int64 / uint64 / float64 (and half / bfloat16) exact in the portable engine,
// or refuses the load naming the op and node. TensorFlow.js has none of these dtypes (FORMATS.md "Open
// ground"); it would narrow int64 to int32 and float64 to float32 silently.
//
// Every tensor's TF dtype comes from the OpDefs (dtype-infer.ts). A tensor of a 64-bit dtype travels as
//   - "int32": a tfjs int32 tensor, when its producer guarantees that every value fits (int64 Consts that fit,
//     Shape / Size / ArgMax outputs, casts from int32, ParseExample's outputs), or
//   - "wide": anything else, usually a tfjs string tensor of 8-byte values (ops/int64-tensors.ts); whoever
//     reads it accepts both forms. Placeholders of 64-bit dtypes are always fed wide; fetches read both.
// Each node that touches a 64-bit dtype is, in this order (tables in ops/int64-rules.ts):
//   1. Const / Placeholder: weight or feed put in the form above.
//   2. Cast: tfjs's Cast where that is exact on int32 values, else our Cast kernel (`Tfs64>Cast`).
//   3. pass-through (Identity…): unchanged; element movers (Reshape, GatherV2, ConcatV2…) with a wide data
//      input run on int32 positions: Iota → the op → Take (ops/int64-plumbing.ts).
//   4. a tfjs op whose 64-bit inputs are indices / axes (Narrow to int32, failing on values that do not
//      fit) or int32-carried values it only compares, and whose 64-bit outputs are positions.
//   5. our exact kernel (ops/int64.ts): the node becomes `Tfs64>` + op, annotated with its dtypes.
//   6. other families' custom ops: int64 inputs narrowed unless the op reads wide values itself.
//   7. While / If (control flow v2): int64 operands and results travel wide (Widen where an operand is
//      int32-carried); their bodies get the same pass (dtype-pass-bodies.ts), with int64 arguments wide.
//   8. otherwise: UNIMPLEMENTED "op 'X' (node 'Y') on int64 is not supported by the portable engine".
// half / bfloat16 travel as float32 holding 16-bit values; arithmetic gets a `Tfs16>Round` after it.
// uint8 / int8 / uint16 / int16 travel as int32; arithmetic and Cast to them get a `TfsNarrow>Wrap`
// (ops/narrow-int.ts); other ops on them are exact as they are (NARROW_EXACT) or refused.
import { ServingError } from '../../errors/index.ts';
import type { NodeDefMessage } from '../../savedmodel/index.ts';
import type { HostTensor } from '../../tensor/index.ts';
import { customOpNames } from '../ops/index.ts';
import { ROUND_DTYPE_ATTR, ROUND_OP } from '../ops/float16.ts';
import { NARROW_INTS, WRAP_DTYPE_ATTR, WRAP_FROM_FLOAT_ATTR, WRAP_OP } from '../ops/narrow-int.ts';
import { DT_INT32, IN_TYPES_ATTR, OUT_TYPES_ATTR } from '../ops/int64-kernel.ts';
import { IOTA_OP, NARROW_MODE_ATTR, NARROW_OP, TAKE_OP, TAKE_VALUES_ATTR, WIDEN_OP } from '../ops/int64-plumbing.ts';
import * as R from '../ops/int64-rules.ts';
import { WIDE_DTYPES } from '../ops/int64-tensors.ts';
import { wideKernelSupports, wideOpName } from '../ops/int64.ts';
import { DtypeTable } from './dtype-infer.ts';
import { isControl, parseGraphRef } from './node-refs.ts';
import type { OpDefs } from './op-defs.ts';
import { weightForm } from './dtype-weights.ts';

const DTYPE_WORD: Record<number, string> = { 2: 'float64', 9: 'int64', 23: 'uint64', 19: 'float16', 14: 'bfloat16', 4: 'uint8', 6: 'int8', 17: 'uint16', 5: 'int16' };
const SIXTEEN = new Set([19, 14]);
const DT_INT64 = 9;
export const isWide = (t: number | undefined) => t !== undefined && WIDE_DTYPES.has(t);
export const isSixteen = (t: number | undefined) => t !== undefined && SIXTEEN.has(t);
export const isNarrow = (t: number | undefined) => t !== undefined && NARROW_INTS.has(t);
/** Cast sources that the Wrap kernel reads as floats (float32 and the 16-bit floats carried as float32). */
const FLOAT_SOURCES = new Set([1, 19, 14]);
/** Cast sources that are int32 tensors in tfjs (bool reads as 0 / 1). */
const INT_SOURCES = new Set([3, 4, 5, 6, 17, 10]);
/** Control flow v2 ops, whose int64 operands and results travel wide (step 7). */
const CONTROL_FLOW = new Set(['While', 'StatelessWhile', 'If', 'StatelessIf']);

type Repr = 'int32' | 'wide';
const ref = (node: string, k: number) => (k === 0 ? node : `${node}:${k}`);
const typesAttr = (types: (number | undefined)[]) => ({ list: { i: types.map((t) => t ?? 0) } });

export function refuse(op: string, node: string, dtype: number | undefined): ServingError {
  return new ServingError('UNIMPLEMENTED', `op '${op}' (node '${node}') on ${DTYPE_WORD[dtype ?? 0] ?? 'this dtype'} is not supported by the portable engine`);
}

export class DtypePass {
  readonly repr = new Map<string, Repr>();
  private readonly narrowed = new Map<string, string>();
  private readonly widened = new Map<string, string>();
  readonly added: NodeDefMessage[] = [];
  private readonly foreign = new Set(customOpNames());

  constructor(
    readonly nodes: Map<string, NodeDefMessage>,
    readonly weights: Map<string, HostTensor>,
    readonly types: DtypeTable,
  ) {}

  reprOf(input: string): Repr {
    const r = parseGraphRef(input);
    return this.repr.get(ref(r.node, r.index)) ?? 'wide';
  }

  private setOutputs(node: NodeDefMessage, pick: (k: number) => Repr | undefined): void {
    this.types.outputs(node.name).forEach((t, k) => {
      const r = isWide(t) ? pick(k) : undefined;
      if (r) this.repr.set(ref(node.name, k), r);
    });
  }

  private addNode(n: NodeDefMessage, outTypes: (number | undefined)[]): void {
    this.nodes.set(n.name, n);
    this.added.push(n);
    this.types.set(n.name, outTypes);
  }

  /** Replaces data input `p` of `node` (a wide-dtype tensor carried wide) by its int32 narrowing. */
  private narrowInput(node: NodeDefMessage, p: number, mode: 'error' | 'oob'): void {
    const input = node.input![p];
    if (this.reprOf(input) === 'int32') return;
    const key = `${input}#${mode}`;
    let name = this.narrowed.get(key);
    if (!name) {
      name = `${input.replace(':', '_')}/__tfs_narrow${mode === 'oob' ? '_oob' : ''}`;
      const attr = { [IN_TYPES_ATTR]: typesAttr([this.types.ofRef(input)]), [OUT_TYPES_ATTR]: typesAttr([DT_INT32]), [NARROW_MODE_ATTR]: { s: new TextEncoder().encode(mode) } };
      this.addNode({ name, op: wideOpName(NARROW_OP), input: [input], attr }, [DT_INT32]);
      this.narrowed.set(key, name);
    }
    node.input![p] = name;
  }

  /** The wide form of int64 tensor `input`: itself when carried wide, else a Widen node over it. */
  widen(input: string): string {
    if (this.reprOf(input) === 'wide') return input;
    let name = this.widened.get(input);
    if (!name) {
      name = `${input.replace(':', '_')}/__tfs_widen`;
      const attr = { [IN_TYPES_ATTR]: typesAttr([this.types.ofRef(input)]), [OUT_TYPES_ATTR]: typesAttr([this.types.ofRef(input)]) };
      this.addNode({ name, op: wideOpName(WIDEN_OP), input: [input], attr }, [this.types.ofRef(input)]);
      this.repr.set(name, 'wide');
      this.widened.set(input, name);
    }
    return name;
  }

  /** Step 7: While / If take and return int64 wide; other 64-bit dtypes are not verified there. */
  private controlFlow(node: NodeDefMessage, ins: (number | undefined)[], outs: (number | undefined)[]): void {
    const isIf = node.op === 'If' || node.op === 'StatelessIf';
    const bad = [...ins, ...outs].find((t, p) => (isWide(t) && t !== DT_INT64) || (isIf && p === 0 && isWide(t)));
    if (bad !== undefined) throw refuse(node.op, node.name, bad);
    ins.forEach((t, p) => {
      if (isWide(t)) node.input![p] = this.widen(node.input![p]);
    });
    this.setOutputs(node, () => 'wide');
  }

  /** Runs an element mover on int32 positions: Iota(values) → op → Take(values, positions). */
  private viaPositions(node: NodeDefMessage, dataPos: number[], inTypes: (number | undefined)[]): void {
    const name = node.name;
    const outTypes = this.types.outputs(name);
    const values = dataPos.map((p) => node.input![p]);
    const kind = inTypes[dataPos[0]];
    this.addNode({ name: `${name}/__tfs_iota`, op: wideOpName(IOTA_OP), input: values, attr: { [IN_TYPES_ATTR]: typesAttr(values.map(() => kind)) } }, values.map(() => DT_INT32));
    const inner = { ...node, name: `${name}/__tfs_index`, input: [...node.input!], attr: { ...node.attr } };
    dataPos.forEach((p, k) => (inner.input[p] = ref(`${name}/__tfs_iota`, k)));
    for (const key of ['T', 'Tparams', 'dtype']) if (isWide(inner.attr[key]?.type)) inner.attr[key] = { type: DT_INT32 };
    this.addNode(inner, outTypes.map(() => DT_INT32));
    const positions = outTypes.map((_, k) => ref(inner.name, k));
    const take: NodeDefMessage = {
      name, op: wideOpName(TAKE_OP), input: [...values, ...positions],
      attr: { [IN_TYPES_ATTR]: typesAttr(values.map(() => kind)), [OUT_TYPES_ATTR]: typesAttr(outTypes), [TAKE_VALUES_ATTR]: { i: values.length } },
    };
    this.nodes.set(name, take);
    this.added.push(take);
  }

  /** Rounds output 0 of a 16-bit arithmetic node: node → node/__tfs_f32, Round named like the node. */
  private roundAfter(node: NodeDefMessage, dtype: number): void {
    this.fixAfter(node, '__tfs_f32', ROUND_OP, { [ROUND_DTYPE_ATTR]: { i: dtype } });
  }

  /** Puts op `fix` after output 0 of `node`: node → node/<suffix>, the fix named like the node. */
  private fixAfter(node: NodeDefMessage, suffix: string, fix: string, attr: NodeDefMessage['attr']): void {
    const inner = { ...node, name: `${node.name}/${suffix}` };
    this.addNode(inner, this.types.outputs(node.name));
    const after: NodeDefMessage = { name: node.name, op: fix, input: [inner.name], attr };
    this.nodes.set(node.name, after);
    this.added.push(after);
  }

  /** uint8 / int8 / uint16 / int16 (carried as int32): wrapped after arithmetic, exact as they are, or refused. */
  private narrow(node: NodeDefMessage, dtype: number): void {
    const op = node.op;
    if (op === 'Const' || op === 'Placeholder') return;
    if (R.NARROW_WRAPPED.has(op)) {
      const out = this.types.outputs(node.name)[0];
      if (isNarrow(out)) this.fixAfter(node, '__tfs_i32', WRAP_OP, { [WRAP_DTYPE_ATTR]: { i: out! }, [WRAP_FROM_FLOAT_ATTR]: { i: 0 } });
      return;
    }
    if (R.NARROW_EXACT.has(op) || (this.foreign.has(op) && !R.NOT_NARROW_SAFE.has(op))) return;
    throw refuse(op, node.name, dtype);
  }

  /** tfjs cpu squares int32 through float32 (4097² loses its low bit); Mul(x, x) is exact mod 2^32 as TF. */
  private squareAsMul(node: NodeDefMessage): void {
    Object.assign(node, { op: 'Mul', input: [node.input![0], ...(node.input ?? [])] });
  }

  /** Cast to a narrow int from a dtype tfjs carries as float32 or int32: the Wrap kernel is TF's Cast. */
  private castToNarrow(node: NodeDefMessage, src: number | undefined, dst: number): void {
    if (src === dst) return;
    const fromFloat = FLOAT_SOURCES.has(src ?? 0);
    if (!fromFloat && !INT_SOURCES.has(src ?? 0)) throw refuse('Cast', node.name, dst);
    node.op = WRAP_OP;
    node.attr = { [WRAP_DTYPE_ATTR]: { i: dst }, [WRAP_FROM_FLOAT_ATTR]: { i: fromFloat ? 1 : 0 } };
  }

  visit(node: NodeDefMessage): void {
    const op = node.op;
    const ins = this.types.inputs(node);
    const outs = this.types.outputs(node.name);
    const wideIn = ins.map((t, p) => (isWide(t) ? p : -1)).filter((p) => p >= 0);
    const firstWide = [...ins, ...outs].find(isWide);
    const firstSixteen = [...ins, ...outs].find(isSixteen);
    const firstNarrow = [...ins, ...outs].find(isNarrow);
    if (op === 'Square' && (outs[0] === DT_INT32 || isNarrow(outs[0]))) this.squareAsMul(node);
    if (op === 'Cast' && isNarrow(outs[0]) && !isWide(ins[0])) return this.castToNarrow(node, ins[0], outs[0]!);
    if (firstWide === undefined && firstSixteen === undefined) {
      if (firstNarrow !== undefined) this.narrow(node, firstNarrow);
      return;
    }
    if (op === 'Const' || op === 'Placeholder') return this.source(node, outs[0]);
    if (op === 'Cast') return this.cast(node, ins[0], outs[0]);
    if (firstSixteen !== undefined) this.checkSixteen(node, firstSixteen, firstWide);
    if (firstWide === undefined) return;
    if (CONTROL_FLOW.has(op)) return this.controlFlow(node, ins, outs);
    if (R.PASS_THROUGH.has(op)) {
      const data = (node.input ?? []).filter((i) => !isControl(i));
      return this.setOutputs(node, (k) => (data[k] ? this.reprOf(data[k]) : 'wide'));
    }
    const index = new Set(R.INDEX_INPUTS[op]?.(ins.length) ?? []);
    const move = R.MOVE_DATA[op]?.(ins.length);
    if (move) {
      const data = move.filter((p) => isWide(ins[p]));
      const wideData = data.some((p) => this.reprOf(node.input![p]) === 'wide');
      for (const p of wideIn) if (index.has(p)) this.narrowInput(node, p, 'error');
      if (wideData) return this.viaPositions(node, data, ins);
      if (data.length > 0 || outs.every((t) => !isWide(t))) return this.setOutputs(node, () => 'int32');
    }
    if (this.tfjsExact(node, ins, outs, index)) return;
    if (wideKernelSupports(op, ins, outs)) return this.kernel(node, ins, outs);
    if (this.foreign.has(op)) return this.foreignOp(node, ins);
    throw refuse(op, node.name, firstWide);
  }

  /** Const / Placeholder: the constant in its tfjs form, the feed fed wide (16-bit ones as float32). */
  private source(node: NodeDefMessage, dtype: number | undefined): void {
    const w = node.op === 'Const' ? this.weights.get(node.name) : undefined;
    const form = w ? weightForm(w) : undefined;
    if (form) this.weights.set(node.name, form);
    const tfjs = isSixteen(dtype) ? 1 : form?.dtype === 'DT_INT32' ? DT_INT32 : 7;
    node.attr = { ...node.attr, dtype: { type: tfjs } };
    if (isWide(dtype)) this.repr.set(node.name, tfjs === DT_INT32 ? 'int32' : 'wide');
  }

  private cast(node: NodeDefMessage, src: number | undefined, dst: number | undefined): void {
    const truncate = node.attr?.Truncate?.b === true;
    if (!isWide(src) && !isWide(dst)) {
      if (isSixteen(dst) && src !== dst) this.roundAfter(node, dst!);
      return;
    }
    if (R.INT32_CAST_SOURCES.has(src ?? 0) && dst === 9) return this.setOutputs(node, () => 'int32');
    if (src === 9 && this.reprOf(node.input![0]) === 'int32' && R.INT32_CAST_TARGETS.has(dst ?? 0)) return this.setOutputs(node, () => 'int32');
    if (truncate || !wideKernelSupports('Cast', [src], [dst])) throw refuse('Cast', node.name, isWide(src) ? src : dst);
    this.kernel(node, [src], [dst]);
  }

  /** Step 4: a tfjs op that is exact here as it is (after narrowing index inputs). */
  private tfjsExact(node: NodeDefMessage, ins: (number | undefined)[], outs: (number | undefined)[], index: Set<number>): boolean {
    const op = node.op;
    const allInt32 = ins.every((t, p) => !isWide(t) || this.reprOf(node.input![p]) === 'int32');
    for (const [p, t] of ins.entries()) {
      if (!isWide(t) || R.SHAPE_ONLY.has(op) || index.has(p)) continue;
      if (!(this.reprOf(node.input![p]) === 'int32' && (R.INT32_EXACT.has(op) || R.INT32_RESULTS.has(op)))) return false;
    }
    const wideOut = outs.some(isWide);
    if (wideOut && !R.INT32_RESULTS.has(op) && !(R.INT32_EXACT.has(op) && allInt32)) return false;
    if (this.foreign.has(op) && !R.MOVE_DATA[op] && !R.INDEX_INPUTS[op]) return false;
    if (ins.some((t, p) => t === 2 && index.has(p))) return false;
    const oob = R.OUT_OF_RANGE_IS_NONE.has(op) ? 'oob' : 'error';
    for (const [p, t] of ins.entries()) if (isWide(t) && index.has(p)) this.narrowInput(node, p, oob);
    this.setOutputs(node, () => 'int32');
    return true;
  }

  private kernel(node: NodeDefMessage, ins: (number | undefined)[], outs: (number | undefined)[]): void {
    node.attr = { ...node.attr, [IN_TYPES_ATTR]: typesAttr(ins), [OUT_TYPES_ATTR]: typesAttr(outs) };
    const argOut = node.op === 'ArgMax' || node.op === 'ArgMin';
    node.op = wideOpName(node.op);
    this.setOutputs(node, () => (argOut ? 'int32' : 'wide'));
  }

  private foreignOp(node: NodeDefMessage, ins: (number | undefined)[]): void {
    const op = node.op;
    const wide = ins.find(isWide) ?? this.types.outputs(node.name).find(isWide);
    if (R.NOT_WIDE_SAFE.has(op)) throw refuse(op, node.name, wide);
    if (!R.WIDE_AWARE_OPS.has(op)) {
      for (const [p, t] of ins.entries()) {
        if (t === 2) throw refuse(op, node.name, t);
        if (isWide(t)) this.narrowInput(node, p, 'error');
      }
    }
    this.setOutputs(node, () => (R.INT32_PRODUCERS.has(op) ? 'int32' : 'wide'));
  }

  /** half / bfloat16: exact as float32 carriers, or rounded after, or refused. */
  private checkSixteen(node: NodeDefMessage, dtype: number, wide: number | undefined): void {
    if (R.HALF_EXACT.has(node.op) || (this.foreign.has(node.op) && !R.NOT_SIXTEEN_SAFE.has(node.op))) return;
    if (!R.HALF_ROUNDED.has(node.op) || wide !== undefined) throw refuse(node.op, node.name, dtype);
    const out = this.types.outputs(node.name)[0];
    if (isSixteen(out)) this.roundAfter(node, out!);
  }
}

/**
 * Runs the pass over a converted graph, in place: `nodes` gains the helper nodes, `weights` holds 64-bit
 * constants in their tfjs form. Throws UNIMPLEMENTED naming the first op and node it cannot make exact.
 */
export function applyDtypePass(g: { nodes: NodeDefMessage[]; weights: Map<string, HostTensor> }, reg: OpDefs): void {
  const byName = new Map(g.nodes.map((n) => [n.name, n]));
  const pass = new DtypePass(byName, g.weights, new DtypeTable(byName, reg));
  for (const n of [...g.nodes]) pass.visit(n);
  if (pass.added.length === 0) return;
  g.nodes.splice(0, g.nodes.length, ...byName.values());
}
