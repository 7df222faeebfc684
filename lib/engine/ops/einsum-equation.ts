// Einsum equations (TF's Einsum op, tensorflow/core/kernels/linalg/einsum_op_impl.h): what the portable
// engine runs and what it refuses. Parsed once at load (an equation outside this subset refuses the load,
// naming the node) and again, cached, by the executor. Supported: one or two operands, explicit `->`,
// letter labels, at most one `...` per term. Refused: a label repeated within one term (diagonals/traces).
import { ServingError } from '../../errors/index.ts';

/** One term: its labels in order; `ELLIPSIS` marks where `...` stands. */
export type EinsumTerm = string[];
export const ELLIPSIS = '...';

export interface EinsumEquation {
  inputs: EinsumTerm[];
  output: EinsumTerm;
}

const unsupported = (equation: string, why: string) => new ServingError('UNIMPLEMENTED', `Einsum equation '${equation}': ${why} is not supported by the portable engine`);

function parseTerm(term: string, equation: string): EinsumTerm {
  const labels: EinsumTerm = [];
  for (let i = 0; i < term.length; ) {
    if (term.startsWith(ELLIPSIS, i)) {
      if (labels.includes(ELLIPSIS)) throw new ServingError('INVALID_ARGUMENT', `Einsum equation '${equation}': more than one ellipsis in term '${term}'`);
      labels.push(ELLIPSIS);
      i += 3;
      continue;
    }
    const c = term[i++];
    if (!/^[A-Za-z]$/.test(c)) throw new ServingError('INVALID_ARGUMENT', `Einsum equation '${equation}': invalid label '${c}'`);
    if (labels.includes(c)) throw unsupported(equation, `label '${c}' repeated within term '${term}'`);
    labels.push(c);
  }
  return labels;
}

const cache = new Map<string, EinsumEquation>();

/** Parses an equation such as `bqhd,bkhd->bhqk` or `...ij,...jk->...ik`; throws on anything outside the subset. */
export function parseEinsumEquation(equation: string): EinsumEquation {
  const hit = cache.get(equation);
  if (hit) return hit;
  const text = equation.replace(/\s+/g, '');
  const arrow = text.split('->');
  if (arrow.length !== 2) throw unsupported(equation, 'an equation without exactly one "->"');
  const terms = arrow[0].split(',');
  if (terms.length < 1 || terms.length > 2) throw unsupported(equation, `${terms.length} operands`);
  const inputs = terms.map((t) => parseTerm(t, equation));
  const output = parseTerm(arrow[1], equation);
  for (const l of output) {
    if (!inputs.some((t) => t.includes(l))) throw new ServingError('INVALID_ARGUMENT', `Einsum equation '${equation}': output label '${l}' is not in any input`);
  }
  const parsed = { inputs, output };
  cache.set(equation, parsed);
  return parsed;
}
