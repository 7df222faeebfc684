// Tensor reference syntax. GraphDef inputs: "node" (= node:0), "node:k", "^node" (control).
// FunctionDef body inputs: "arg", "node:out_arg:k", "^node" (FORMATS.md "Function inlining naming rules").

export interface TensorRef {
  node: string;
  index: number;
}

/** Parses a GraphDef input ("a", "a:1") into node + output index; control inputs are not tensor refs. */
export function parseGraphRef(ref: string): TensorRef {
  const colon = ref.lastIndexOf(':');
  if (colon > 0 && /^\d+$/.test(ref.slice(colon + 1))) {
    return { node: ref.slice(0, colon), index: Number(ref.slice(colon + 1)) };
  }
  return { node: ref, index: 0 };
}

export const isControl = (ref: string) => ref.startsWith('^');
