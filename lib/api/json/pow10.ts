// Exact powers of ten (10^0..10^22 are exact doubles): a mantissa m < 2^53 times or divided by 10^k is then
// correctly rounded (Clinger's fast path). Shared by the JSON number reader, the fast scanner and the writers.
export const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
