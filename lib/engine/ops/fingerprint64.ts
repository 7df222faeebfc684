// TensorFlow's Fingerprint64 (tensorflow/core/platform/fingerprint.h): FarmHash's Fingerprint64, which is
// farmhashna::Hash64 over the raw bytes, little-endian loads. StringToHashBucketFast is
// Fingerprint64(s) % num_buckets (tensorflow/core/kernels/string_to_hash_bucket_fast_op.h).
// Written from the published algorithm in 64-bit BigInt arithmetic; test vectors come from TensorFlow itself
// (test/engine/ops/fingerprint64.test.ts). Not a cryptographic hash.

const MASK = (1n << 64n) - 1n;
const K0 = 0xc3a5c85c97cb3127n;
const K1 = 0xb492b66fbe98f273n;
const K2 = 0x9ae16a3b2f90404fn;

const u64 = (x: bigint) => x & MASK;
const mul = (a: bigint, b: bigint) => (a * b) & MASK;
const add = (a: bigint, b: bigint) => (a + b) & MASK;
const rotate = (v: bigint, s: bigint) => (s === 0n ? v : ((v >> s) | (v << (64n - s))) & MASK);
const shiftMix = (v: bigint) => v ^ (v >> 47n);

function fetch64(s: Uint8Array, i: number): bigint {
  const lo = (s[i] | (s[i + 1] << 8) | (s[i + 2] << 16) | (s[i + 3] << 24)) >>> 0;
  const hi = (s[i + 4] | (s[i + 5] << 8) | (s[i + 6] << 16) | (s[i + 7] << 24)) >>> 0;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

function fetch32(s: Uint8Array, i: number): bigint {
  return BigInt((s[i] | (s[i + 1] << 8) | (s[i + 2] << 16) | (s[i + 3] << 24)) >>> 0);
}

/** Murmur-inspired mix of two words (FarmHash HashLen16 with a multiplier). */
function hashLen16(u: bigint, v: bigint, m: bigint): bigint {
  let a = mul(u ^ v, m);
  a ^= a >> 47n;
  let b = mul(v ^ a, m);
  b ^= b >> 47n;
  return mul(b, m);
}

function hashLen0to16(s: Uint8Array, len: number): bigint {
  if (len >= 8) {
    const m = add(K2, BigInt(len * 2));
    const a = add(fetch64(s, 0), K2);
    const b = fetch64(s, len - 8);
    const c = add(mul(rotate(b, 37n), m), a);
    const d = mul(add(rotate(a, 25n), b), m);
    return hashLen16(c, d, m);
  }
  if (len >= 4) {
    const m = add(K2, BigInt(len * 2));
    const a = fetch32(s, 0);
    return hashLen16(add(BigInt(len), a << 3n), fetch32(s, len - 4), m);
  }
  if (len > 0) {
    const y = BigInt((s[0] + (s[len >> 1] << 8)) >>> 0);
    const z = BigInt((len + (s[len - 1] << 2)) >>> 0);
    return mul(shiftMix(mul(y, K2) ^ mul(z, K0)), K2);
  }
  return K2;
}

function hashLen17to32(s: Uint8Array, len: number): bigint {
  const m = add(K2, BigInt(len * 2));
  const a = mul(fetch64(s, 0), K1);
  const b = fetch64(s, 8);
  const c = mul(fetch64(s, len - 8), m);
  const d = mul(fetch64(s, len - 16), K2);
  return hashLen16(add(add(rotate(add(a, b), 43n), rotate(c, 30n)), d), add(add(a, rotate(add(b, K2), 18n)), c), m);
}

function hashLen33to64(s: Uint8Array, len: number): bigint {
  const m = add(K2, BigInt(len * 2));
  const a = mul(fetch64(s, 0), K2);
  const b = fetch64(s, 8);
  const c = mul(fetch64(s, len - 8), m);
  const d = mul(fetch64(s, len - 16), K2);
  const y = add(add(rotate(add(a, b), 43n), rotate(c, 30n)), d);
  const z = hashLen16(y, add(add(a, rotate(add(b, K2), 18n)), c), m);
  const e = mul(fetch64(s, 16), m);
  const f = fetch64(s, 24);
  const g = mul(add(y, fetch64(s, len - 32)), m);
  const h = mul(add(z, fetch64(s, len - 24)), m);
  return hashLen16(add(add(rotate(add(e, f), 43n), rotate(g, 30n)), h), add(add(e, rotate(add(f, a), 18n)), g), m);
}

/** FarmHash WeakHashLen32WithSeeds over the 32 bytes at s[i]: returns [first, second]. */
function weakHashLen32WithSeeds(s: Uint8Array, i: number, a0: bigint, b0: bigint): [bigint, bigint] {
  const w = fetch64(s, i);
  const x = fetch64(s, i + 8);
  const y = fetch64(s, i + 16);
  const z = fetch64(s, i + 24);
  let a = add(a0, w);
  let b = rotate(add(add(b0, a), z), 21n);
  const c = a;
  a = add(add(a, x), y);
  b = add(b, rotate(a, 44n));
  return [add(a, z), add(b, c)];
}

/** Inputs over 64 bytes: 64-byte blocks, then the last 64 bytes once more with a length-dependent multiplier. */
function hashLong(s: Uint8Array, len: number): bigint {
  const seed = 81n;
  let x = seed;
  let y = u64(seed * K1 + 113n);
  let z = mul(shiftMix(add(mul(y, K2), 113n)), K2);
  let v: [bigint, bigint] = [0n, 0n];
  let w: [bigint, bigint] = [0n, 0n];
  x = add(mul(x, K2), fetch64(s, 0));
  const end = Math.floor((len - 1) / 64) * 64;
  const last64 = end + ((len - 1) & 63) - 63;
  let p = 0;
  do {
    x = mul(rotate(add(add(add(x, y), v[0]), fetch64(s, p + 8)), 37n), K1);
    y = mul(rotate(add(add(y, v[1]), fetch64(s, p + 48)), 42n), K1);
    x ^= w[1];
    y = add(y, add(v[0], fetch64(s, p + 40)));
    z = mul(rotate(add(z, w[0]), 33n), K1);
    v = weakHashLen32WithSeeds(s, p, mul(v[1], K1), add(x, w[0]));
    w = weakHashLen32WithSeeds(s, p + 32, add(z, w[1]), add(y, fetch64(s, p + 16)));
    [z, x] = [x, z];
    p += 64;
  } while (p !== end);
  const m = add(K1, (z & 0xffn) << 1n);
  p = last64;
  w[0] = add(w[0], BigInt((len - 1) & 63));
  v[0] = add(v[0], w[0]);
  w[0] = add(w[0], v[0]);
  x = mul(rotate(add(add(add(x, y), v[0]), fetch64(s, p + 8)), 37n), m);
  y = mul(rotate(add(add(y, v[1]), fetch64(s, p + 48)), 42n), m);
  x ^= mul(w[1], 9n);
  y = add(y, add(mul(v[0], 9n), fetch64(s, p + 40)));
  z = mul(rotate(add(z, w[0]), 33n), m);
  v = weakHashLen32WithSeeds(s, p, mul(v[1], m), add(x, w[0]));
  w = weakHashLen32WithSeeds(s, p + 32, add(z, w[1]), add(y, fetch64(s, p + 16)));
  [z, x] = [x, z];
  return hashLen16(add(add(hashLen16(v[0], w[0], m), mul(shiftMix(y), K0)), z), add(hashLen16(v[1], w[1], m), x), m);
}

/**
 * TensorFlow's Fingerprint64 of raw bytes, as an unsigned 64-bit BigInt.
 * @example fingerprint64(new TextEncoder().encode('the')) % 10n  // the bucket tf.strings.to_hash_bucket_fast gives
 */
export function fingerprint64(s: Uint8Array): bigint {
  const len = s.length;
  if (len <= 16) return hashLen0to16(s, len);
  if (len <= 32) return hashLen17to32(s, len);
  if (len <= 64) return hashLen33to64(s, len);
  return hashLong(s, len);
}
