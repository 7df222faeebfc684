// Load-time attribute checks for the custom ops whose verified ground is narrower than TensorFlow's: a node
// outside it refuses the load naming op and node, rather than computing something unverified at request
// time (issue 9 item 6). Keyed by exact TF op name; each check throws a ServingError or returns.
import { ServingError } from '../../errors/index.ts';
import type { AttrValueMessage, NodeDefMessage } from '../../savedmodel/index.ts';
import { parseEinsumEquation } from './einsum-equation.ts';
import { checkRegexNode } from './regex-ops.ts';

type Attrs = Record<string, AttrValueMessage>;
const DT_FLOAT = 1;
const DT_INT32 = 3;
const DTYPE_NAME: Record<number, string> = { 2: 'float64', 3: 'int32', 4: 'uint8', 9: 'int64', 10: 'bool', 14: 'bfloat16', 19: 'float16', 22: 'uint32' };

/** The type attrs named must be DT_FLOAT (absent counts as the op's default, float). */
const floatOnly = (...names: string[]) => (attr: Attrs): string | undefined => {
  for (const name of names) {
    const t = attr[name]?.type;
    if (t !== undefined && t !== DT_FLOAT) return `${name}=${DTYPE_NAME[t] ?? `DataType ${t}`}`;
  }
  return undefined;
};

/** Bitcast between float32 and int32 only (same width, and the dtypes TensorFlow.js holds exactly). */
function bitcastTypes(attr: Attrs): string | undefined {
  for (const name of ['T', 'type']) {
    const t = attr[name]?.type;
    if (t !== DT_FLOAT && t !== DT_INT32) return `${name}=${t === undefined ? 'unset' : (DTYPE_NAME[t] ?? `DataType ${t}`)}`;
  }
  return undefined;
}

const CHECKS: Record<string, (attr: Attrs) => string | undefined> = {
  Bitcast: bitcastTypes,
  Einsum: (attr) => {
    parseEinsumEquation(new TextDecoder().decode(attr.equation?.s ?? new Uint8Array()));
    return floatOnly('T')(attr);
  },
  BatchMatMul: floatOnly('T'),
  BatchMatMulV2: floatOnly('T'),
  BatchMatMulV3: floatOnly('Ta', 'Tb', 'Tout'),
  Erf: floatOnly('T'),
  Erfc: floatOnly('T'),
};

/** Checks that need the whole node and word their own message (static regexes are translated from RE2 at load). */
const NODE_CHECKS: Record<string, (node: NodeDefMessage) => void> = {
  StaticRegexReplace: checkRegexNode,
  StaticRegexFullMatch: checkRegexNode,
};

/** Throws UNIMPLEMENTED (or INVALID_ARGUMENT for a malformed attr) when `node` is outside its op's verified ground. */
export function checkOpAttrs(node: NodeDefMessage, where: string): void {
  NODE_CHECKS[node.op]?.(node);
  const check = CHECKS[node.op];
  if (!check) return;
  let why: string | undefined;
  try {
    why = check(node.attr ?? {});
  } catch (e) {
    if (e instanceof ServingError) throw new ServingError(e.code, `${where}: node '${node.name}': ${e.message}`);
    throw e;
  }
  if (why) throw new ServingError('UNIMPLEMENTED', `${where}: op '${node.op}' (node '${node.name}') with ${why} is not supported by the portable engine`);
}
