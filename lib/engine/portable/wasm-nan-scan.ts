// "Does this float32 range of the wasm heap hold a NaN?" in WebAssembly SIMD, for the wasm NaN guard: a tiny
// module that imports tfjs-backend-wasm's own memory and ORs `f32x4.ne(v, v)` over the range, 16 bytes a step
// (~20× the JavaScript loop; the guard's scan was a third of MobileNetV2's call). Not for anything else.
// Falls back to JavaScript where the memory is not reachable (another tfjs build) or is shared (threaded build).

/**
 * The module, hand-assembled (WebAssembly binary format, core spec §5 + SIMD opcodes):
 *   (module (import "env" "memory" (memory 0))
 *     (func (export "nan") (param $p i32) (param $end i32) (result i32) (local $acc v128) (local $v v128)
 *       (block (loop
 *         (br_if 1 (i32.ge_u (local.get $p) (local.get $end)))
 *         (local.set $acc (v128.or (local.get $acc)
 *           (f32x4.ne (local.tee $v (v128.load align=4 (local.get $p))) (local.get $v))))
 *         (local.set $p (i32.add (local.get $p) (i32.const 16)))
 *         (br 0)))
 *       (v128.any_true (local.get $acc))))
 * $p and $end are byte addresses; the caller passes whole 16-byte groups and checks the tail itself.
 */
const MODULE = Uint8Array.of(
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, // type section: (i32, i32) -> i32
  0x02, 0x0f, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x00, // import env.memory, min 0
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x07, 0x07, 0x01, 0x03, 0x6e, 0x61, 0x6e, 0x00, 0x00, // export "nan" = function 0
  0x0a, 0x32, 0x01, 0x30, // code section, one body of 48 bytes
  0x01, 0x02, 0x7b, // locals: 2 × v128 ($acc = 2, $v = 3)
  0x02, 0x40, 0x03, 0x40, // block, loop
  0x20, 0x00, 0x20, 0x01, 0x4f, 0x0d, 0x01, // br_if 1 (p >= end)
  0x20, 0x02, // acc
  0x20, 0x00, 0xfd, 0x00, 0x02, 0x00, 0x22, 0x03, 0x20, 0x03, 0xfd, 0x42, // f32x4.ne(tee v (v128.load p), v)
  0xfd, 0x50, 0x21, 0x02, // acc = v128.or(acc, …)
  0x20, 0x00, 0x41, 0x10, 0x6a, 0x21, 0x00, // p += 16
  0x0c, 0x00, 0x0b, 0x0b, // br 0, end loop, end block
  0x20, 0x02, 0xfd, 0x53, 0x0b, // v128.any_true(acc), end
);

/** True when a float32 view holds a NaN. */
export type NaNScan = (v: Float32Array) => boolean;

export function hasNaNScalar(v: Float32Array, from = 0): boolean {
  for (let i = from; i < v.length; i++) if (v[i] !== v[i]) return true;
  return false;
}

/**
 * A SIMD scanner over views of `memory` (views of any other buffer are scanned in JavaScript), or the
 * JavaScript loop when `memory` is missing, shared, or the runtime has no WebAssembly SIMD.
 */
export function nanScanner(memory: WebAssembly.Memory | undefined): NaNScan {
  if (!memory || !(memory.buffer instanceof ArrayBuffer) || !WebAssembly.validate(MODULE)) return (v) => hasNaNScalar(v);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(MODULE), { env: { memory } });
  const nan = instance.exports.nan as (p: number, end: number) => number;
  return (v) => {
    if (v.buffer !== memory.buffer) return hasNaNScalar(v);
    const whole = v.length & ~3;
    return nan(v.byteOffset, v.byteOffset + whole * 4) !== 0 || hasNaNScalar(v, whole);
  };
}
