import { describe, expect, it } from 'vitest';
import { AsciiBuffer } from '../../../../lib/api/json/ascii-buffer.ts';
import { writeFloat32Run } from '../../../../lib/api/json/fast/fast-float32-text.ts';
import { formatFloat32 } from '../../../../lib/api/json/float-format.ts';

/** writeFloat32Run's text for data[offset … offset+count-1]. */
function run(data: Float32Array, offset = 0, count = data.length): string {
  const out = new AsciiBuffer();
  out.ascii('>'); // appends after what is already there
  writeFloat32Run(out, data, offset, count);
  const text = out.take();
  expect(text[0]).toBe('>');
  return text.slice(1);
}

/** The general writer's text, one element at a time. */
const general = (data: Float32Array) => Array.from(data, formatFloat32).join(',');

describe('writeFloat32Run: the same text as writeFloat32', () => {
  it('writes the documented cases and every branch: zeros, tokens, %g, %.9g, exponents, fallbacks', () => {
    const values = new Float32Array([
      0.5, 2, 42, 1e6, 100000, 1e-5, 1e-4, 123456789, 16777217, 0.1, 0.3, 1 / 3, -1.5, 999999.5, 0.000100001,
      3.4028234663852886e38, 1.401298464324817e-45, 0.016686705872416496, 65504, 2 ** -14, 0, -0, NaN, Infinity, -Infinity,
      1e-12, 9.9999e-13, 99999.99, 999999.94, 0.099999994, 1e-7, 1.5e-11, 12.5, 100, 0.25, 7e-5, 5e-5, 1234.5678, -0.000123,
    ]);
    expect(run(values)).toBe(general(values));
  });

  it('writes 200,000 random bit patterns and 200,000 values spread over 1e-13 … 1e7 exactly like writeFloat32', () => {
    const bits = new Uint32Array(200_000);
    let seed = 2024;
    for (let i = 0; i < bits.length; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      bits[i] = seed ^ (Math.imul(i, 2654435761) >>> 0);
    }
    const random = new Float32Array(bits.buffer);
    expect(run(random)).toBe(general(random));
    const spread = Float32Array.from({ length: 200_000 }, (_, i) => ((bits[i] >>> 8) / 2 ** 24) * 10 ** ((i % 21) - 13) * (i % 3 ? 1 : -1));
    expect(run(spread)).toBe(general(spread));
  });

  it('writes a run from an offset, and nothing for an empty run', () => {
    const data = new Float32Array([1, 2.5, 3, 4]);
    expect(run(data, 1, 2)).toBe('2.5,3.0');
    expect(run(data, 2, 0)).toBe('');
  });

  it('grows the buffer across long runs of values it hands to writeFloat32', () => {
    const data = Float32Array.from({ length: 50_000 }, (_, i) => (i % 2 ? -3.4028234663852886e38 : 1.17549435e-38));
    expect(run(data)).toBe(general(data));
  });
});
