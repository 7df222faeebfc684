// numpy-style broadcasting for ops computed element by element in JavaScript (string compares, bitwise
// ops): the broadcast shape of two operands and, per output element, the element of an operand it reads.

/** numpy broadcast shape, or undefined when the shapes do not broadcast. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] | undefined {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return undefined;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** Flat index into `shape` (right-aligned in `out`, size-1 dims broadcast) for each flat index of `out`. */
export function sourceIndex(shape: readonly number[], out: number[]): Int32Array {
  const total = out.reduce((p, d) => p * d, 1);
  const index = new Int32Array(total);
  const offset = out.length - shape.length;
  for (let flat = 0; flat < total; flat++) {
    let rest = flat;
    let src = 0;
    let stride = 1;
    for (let d = out.length - 1; d >= offset; d--) {
      const coord = rest % out[d];
      rest = Math.floor(rest / out[d]);
      const dim = shape[d - offset];
      src += (dim === 1 ? 0 : coord) * stride;
      stride *= dim;
    }
    index[flat] = src;
  }
  return index;
}
