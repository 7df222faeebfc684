// Freezes resource variables captured by While / If body functions. TF2 passes a captured variable into a
// body as a DT_RESOURCE argument (VarHandleOp outside → While/If input → ReadVariableOp inside). Once
// freeze-variables.ts has turned the variable into a Const, that input carries the variable's *value*; here
// the functions follow suit: the argument gets the value's dtype, each ReadVariableOp on it is bypassed
// (its consumers read the argument itself), and the While `T` / If `Tin` entries (and a While body's
// pass-through output) change from DT_RESOURCE to that dtype. Nested While / If in a body are handled
// the same way, recursively. A captured variable that is written, or a resource that is not a frozen
// variable, is refused at load (UNIMPLEMENTED naming op and node).
import { ServingError } from '../../errors/index.ts';
import type { FunctionDefMessage, NodeDefMessage } from '../../savedmodel/index.ts';
import { DT_RESOURCE } from './function-body.ts';
import { isControl } from './node-refs.ts';

const WHILE_OPS = new Set(['While', 'StatelessWhile']);
const IF_OPS = new Set(['If', 'StatelessIf']);

/** Ops that read a captured variable's value in input 0 and run on the frozen value as they are (ops/). */
const VALUE_READERS = new Set(['ResourceGather']);

/** Gives the dtype of the frozen value a (resource) data input carries, or throws naming why it cannot. */
export type ValueDtype = (input: string, node: NodeDefMessage) => number;

const unimplemented = (what: string) => new ServingError('UNIMPLEMENTED', `${what} is not supported by the portable engine`);

/** Which attr lists a control-flow node's argument types, where its arguments start, which functions it runs. */
function layout(node: NodeDefMessage): { attr: 'T' | 'Tin'; offset: number; fns: string[] } | undefined {
  const fn = (key: string) => node.attr?.[key]?.func?.name ?? '';
  if (WHILE_OPS.has(node.op)) return { attr: 'T', offset: 0, fns: [fn('cond'), fn('body')] };
  if (IF_OPS.has(node.op)) return { attr: 'Tin', offset: 1, fns: [fn('then_branch'), fn('else_branch')] };
  return undefined;
}

export class CaptureFreezer {
  /** function name → the argument changes it was specialized with ("i:dtype,…"). */
  private readonly done = new Map<string, string>();

  constructor(private readonly lib: Map<string, FunctionDefMessage>) {}

  /**
   * Retypes a While / If node's resource arguments to the dtypes `valueDtype` gives, and specializes the
   * functions it runs to match. Returns the argument positions that changed (While outputs at those
   * positions now carry the value too). Other ops are left alone.
   */
  freezeNode(node: NodeDefMessage, where: string, valueDtype: ValueDtype): Map<number, number> {
    const changes = new Map<number, number>();
    const l = layout(node);
    if (!l) return changes;
    const types = [...(node.attr?.[l.attr]?.list?.type ?? [])];
    const data = (node.input ?? []).filter((i) => !isControl(i));
    types.forEach((t, i) => {
      if (t !== DT_RESOURCE) return;
      const input = data[i + l.offset];
      if (input === undefined) throw new ServingError('INVALID_ARGUMENT', `${where}: node '${node.name}' has no input ${i + l.offset}`);
      types[i] = valueDtype(input, node);
      changes.set(i, types[i]);
    });
    if (changes.size === 0) return changes;
    node.attr = { ...node.attr, [l.attr]: { list: { type: types } } };
    // A While's loop-var shapes said "scalar handle"; the value has the variable's shape (unknown here).
    for (const key of ['output_shapes', '_output_shapes']) {
      const shapes = WHILE_OPS.has(node.op) ? node.attr[key]?.list?.shape : undefined;
      if (shapes) node.attr[key] = { list: { shape: shapes.map((s, i) => (changes.has(i) ? { unknown_rank: true } : s)) } };
    }
    delete node.attr._read_only_resource_inputs;
    for (const f of l.fns) this.specialize(f, changes, `${where}: node '${node.name}'`);
    // A While body's outputs are its loop vars (the captured value passes through); If outputs stay as `Tout`.
    const want = WHILE_OPS.has(node.op) ? types : node.attr?.Tout?.list?.type ?? [];
    for (const f of WHILE_OPS.has(node.op) ? [l.fns[1]] : l.fns) {
      const outs = this.lib.get(f)?.signature.output_arg ?? [];
      const bad = outs.findIndex((o, i) => o.type !== undefined && o.type !== 0 && o.type !== want[i]);
      if (bad >= 0) throw unimplemented(`op '${node.op}' (node '${node.name}') whose function '${f}' returns captured variable '${outs[bad].name}'`);
    }
    return changes;
  }

  /** Rewrites function `name` so that argument i carries a value of dtype changes[i] instead of a resource. */
  private specialize(name: string, changes: Map<number, number>, where: string): void {
    const key = [...changes].map(([i, t]) => `${i}:${t}`).join(',');
    const prev = this.done.get(name);
    if (prev !== undefined) {
      if (prev !== key) throw unimplemented(`function '${name}' called with different captured variables (${where})`);
      return;
    }
    this.done.set(name, key);
    const fn = this.lib.get(name);
    if (!fn) throw new ServingError('INVALID_ARGUMENT', `${where}: unknown function '${name}'`);
    const tracked = new Map<string, number>();
    for (const [i, dtype] of changes) {
      const arg = fn.signature.input_arg?.[i];
      if (arg?.type !== DT_RESOURCE) throw new ServingError('INVALID_ARGUMENT', `${where}: argument ${i} of function '${name}' is not a resource`);
      const { handle_data: _h, ...rest } = arg as typeof arg & { handle_data?: unknown };
      fn.signature.input_arg![i] = { ...rest, type: dtype };
      tracked.set(arg.name, dtype);
    }
    new BodyFreezer(this, fn, tracked).run();
  }
}

/** One function body: follows the captured values from the arguments to every consumer. */
class BodyFreezer {
  private readonly consumers = new Map<string, { node: NodeDefMessage; p: number }[]>();
  private readonly bypass = new Map<string, string>();
  private readonly removed = new Set<string>();
  private readonly pending = new Set<NodeDefMessage>();
  private readonly queue: string[];
  private readonly fnName: string;

  constructor(private readonly freezer: CaptureFreezer, private readonly fn: FunctionDefMessage, private readonly tracked: Map<string, number>) {
    this.fnName = fn.signature.name;
    this.queue = [...tracked.keys()];
    for (const node of fn.node_def ?? []) {
      (node.input ?? []).forEach((ref, p) => {
        if (isControl(ref)) return;
        if (!this.consumers.has(ref)) this.consumers.set(ref, []);
        this.consumers.get(ref)!.push({ node, p });
      });
    }
  }

  run(): void {
    for (;;) {
      while (this.queue.length > 0) this.follow(this.queue.pop()!);
      const ready = [...this.pending].filter((n) => this.resourceInputs(n).every((i) => this.tracked.has(i)));
      if (ready.length === 0) break;
      for (const n of ready) {
        this.pending.delete(n);
        const changes = this.freezer.freezeNode(n, `function '${this.fnName}'`, (input) => this.tracked.get(input)!);
        if (WHILE_OPS.has(n.op)) for (const [i, dtype] of changes) this.track(`${n.name}:output:${i}`, dtype);
      }
    }
    const stuck = [...this.pending][0];
    if (stuck) {
      const input = this.resourceInputs(stuck).find((i) => !this.tracked.has(i));
      throw unimplemented(`op '${stuck.op}' (node '${this.fnName}/${stuck.name}') reading resource '${input}', which is not a frozen variable,`);
    }
    this.rewrite();
  }

  private track(ref: string, dtype: number): void {
    if (this.tracked.has(ref)) return;
    this.tracked.set(ref, dtype);
    this.queue.push(ref);
  }

  /** Data inputs of a While / If node at DT_RESOURCE argument positions. */
  private resourceInputs(node: NodeDefMessage): string[] {
    const l = layout(node)!;
    const data = (node.input ?? []).filter((i) => !isControl(i));
    return (node.attr?.[l.attr]?.list?.type ?? []).flatMap((t, i) => (t === DT_RESOURCE ? [data[i + l.offset]] : []));
  }

  private follow(ref: string): void {
    const dtype = this.tracked.get(ref)!;
    for (const { node, p } of this.consumers.get(ref) ?? []) {
      const where = `node '${this.fnName}/${node.name}'`;
      if (node.op === 'ReadVariableOp') {
        const want = node.attr?.dtype?.type;
        if (want !== undefined && want !== dtype) throw new ServingError('INVALID_ARGUMENT', `${where} reads dtype ${want} from a variable of dtype ${dtype}`);
        this.removed.add(node.name);
        this.bypass.set(`${node.name}:value:0`, ref);
      } else if (node.op === 'Identity') {
        node.attr = { ...node.attr, T: { type: dtype } };
        this.track(`${node.name}:output:0`, dtype);
      } else if (VALUE_READERS.has(node.op) && p === 0) {
        // reads the value as it is
      } else if (layout(node)) {
        this.pending.add(node);
      } else {
        throw unimplemented(`op '${node.op}' (${where}) on a captured variable`);
      }
    }
  }

  /** Drops the bypassed ReadVariableOps, points their consumers at the value, retypes pass-through outputs. */
  private rewrite(): void {
    const fn = this.fn;
    const keepControl = (ref: string) => !isControl(ref) || !this.removed.has(ref.slice(1));
    fn.node_def = (fn.node_def ?? []).filter((n) => !this.removed.has(n.name));
    for (const n of fn.node_def) n.input = (n.input ?? []).filter(keepControl).map((r) => this.bypass.get(r) ?? r);
    for (const [k, ref] of Object.entries(fn.ret ?? {})) fn.ret![k] = this.bypass.get(ref) ?? ref;
    fn.signature.output_arg = (fn.signature.output_arg ?? []).map((o) => {
      const dtype = this.tracked.get(fn.ret?.[o.name] ?? '');
      return dtype === undefined ? o : { ...o, type: dtype };
    });
    for (const [k, target] of Object.entries(fn.control_ret ?? {})) if (this.removed.has(target)) delete fn.control_ret![k];
  }
}
