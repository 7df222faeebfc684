// Small FunctionDefs written by hand for the library-function passes (inline-function-bodies, freeze-captures,
// function-weights): body-syntax refs as TensorFlow writes them (FORMATS.md "Function inlining naming rules").
import { OpDefs } from '../../../lib/engine/graph/op-defs.ts';
import type { AttrValueMessage, FunctionDefMessage, MetaGraphDefMessage, NodeDefMessage } from '../../../lib/savedmodel/index.ts';

export const DT_FLOAT = 1;
export const DT_INT32 = 3;
export const DT_RESOURCE = 20;

export const node = (name: string, op: string, input: string[] = [], attr: Record<string, AttrValueMessage> = {}): NodeDefMessage => ({ name, op, input, attr });
export const types = (...t: number[]): AttrValueMessage => ({ list: { type: t } });
export const func = (name: string): AttrValueMessage => ({ func: { name } });

/** A FunctionDef: args and outputs as [name, dtype], ret as output name → body ref. */
export function fn(name: string, args: [string, number][], outs: [string, number][], nodes: NodeDefMessage[], ret: Record<string, string>, controlRet: Record<string, string> = {}): FunctionDefMessage {
  return {
    signature: { name, input_arg: args.map(([n, type]) => ({ name: n, type })), output_arg: outs.map(([n, type]) => ({ name: n, type })) },
    node_def: nodes,
    ret,
    control_ret: controlRet,
  };
}

/** An OpDefs whose library holds `functions` (OpDefs of the ops used: only what a test needs). */
export function registry(functions: FunctionDefMessage[]): OpDefs {
  return new OpDefs({ graph_def: { library: { function: functions } } } as MetaGraphDefMessage);
}

/** Deep copy, to check that a pass leaves its input (the MetaGraph's functions) untouched. */
export const snapshot = <T>(v: T): T => structuredClone(v);
