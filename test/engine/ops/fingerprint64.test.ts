// Fingerprint64 against TensorFlow itself: fingerprint64.vectors.json holds tf.strings.to_hash_bucket_fast
// results (scripts/generate_op_vectors.py) for named strings and for byte strings of every FarmHash length
// class (0-16, 17-32, 33-64, and the 64-byte block loop up to 1000 bytes).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fingerprint64 } from '../../../lib/engine/ops/fingerprint64.ts';

interface Vectors {
  num_buckets: string[];
  named: string[][];
  lengths: (number | string)[][];
}

const vectors = JSON.parse(readFileSync(new URL('./fingerprint64.vectors.json', import.meta.url), 'utf8')) as Vectors;
const buckets = vectors.num_buckets.map(BigInt);

/** The generator's input of length n: byte i is (i*37 + n*11 + 5) & 255. */
const pattern = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 37 + n * 11 + 5) & 255);

const bucketsOf = (bytes: Uint8Array) => buckets.map((b) => String(fingerprint64(bytes) % b));

describe('fingerprint64', () => {
  it.each(vectors.named.map(([hex, ...want]) => [JSON.stringify(Buffer.from(hex, 'hex').toString('latin1')), hex, want] as const))(
    'gives TensorFlow buckets for %s',
    (_, hex, want) => {
      expect(bucketsOf(Uint8Array.from(Buffer.from(hex, 'hex')))).toEqual(want);
    },
  );

  it('gives TensorFlow buckets for generated inputs of every length class', () => {
    expect(vectors.lengths.length).toBeGreaterThan(130);
    for (const [n, ...want] of vectors.lengths) expect([n, ...bucketsOf(pattern(Number(n)))]).toEqual([n, ...want]);
  });

  it('is an unsigned 64-bit value', () => {
    for (const [n] of vectors.lengths) {
      const v = fingerprint64(pattern(Number(n)));
      expect(v >= 0n && v < 2n ** 64n).toBe(true);
    }
  });

  it('matches tf.strings.to_hash_bucket_fast(["the", "Cat", ""], 1 << 62)', () => {
    const enc = new TextEncoder();
    expect(['the', 'Cat', ''].map((s) => fingerprint64(enc.encode(s)) % (1n << 62n))).toEqual([2392203249141657450n, 2828460747835341697n, 1936946117179621455n]);
  });
});
