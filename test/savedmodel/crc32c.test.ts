import { describe, expect, it } from 'vitest';
import { crc32c, hex32, maskCrc, maskedCrc32c, unmaskCrc } from '../../lib/savedmodel/crc32c.ts';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('crc32c', () => {
  // Check values from RFC 3720 (iSCSI), appendix B.4, and the CRC catalogue ("123456789").
  it.each([
    ['the catalogue check string', ascii('123456789'), 0xe3069283],
    ['32 zero bytes', new Uint8Array(32), 0x8a9136aa],
    ['32 0xff bytes', new Uint8Array(32).fill(0xff), 0x62a8ab43],
    ['bytes 0..31 ascending', Uint8Array.from({ length: 32 }, (_, i) => i), 0x46dd794e],
    ['no bytes', new Uint8Array(0), 0],
  ])('gives the standard value for %s', (_scenario, bytes, want) => {
    expect(crc32c(bytes)).toBe(want);
  });

  it('returns unsigned 32-bit numbers', () => {
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBeGreaterThan(0);
    expect(crc32c(ascii('123456789'))).toBeGreaterThan(0x7fffffff);
  });

  it('extends a running crc over more bytes', () => {
    const whole = ascii('hello, checkpoint world');
    for (const cut of [0, 1, 7, whole.length]) {
      expect(crc32c(whole.subarray(cut), crc32c(whole.subarray(0, cut)))).toBe(crc32c(whole));
    }
  });
});

describe('masking', () => {
  it('adds kMaskDelta to the 15-bit rotation', () => {
    expect(maskCrc(0)).toBe(0xa282ead8);
    expect(maskCrc(0x00008000)).toBe((0x00000001 + 0xa282ead8) >>> 0);
    expect(maskCrc(0x00000001)).toBe((0x00020000 + 0xa282ead8) >>> 0);
  });

  it.each([0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xe3069283])('unmasks what it masks (%d)', (crc) => {
    expect(unmaskCrc(maskCrc(crc))).toBe(crc);
    expect(maskCrc(crc)).not.toBe(crc);
  });

  it("matches the crc TensorFlow stored for half_plus_two's a = 0.5", () => {
    // BundleEntryProto of "a" in saved_model_half_plus_three: 35 06 38 27 1f → fixed32 0x1f273806.
    expect(maskedCrc32c(new Uint8Array(Float32Array.of(0.5).buffer))).toBe(0x1f273806);
  });

  it('prints checksums as 8 hex digits', () => {
    expect(hex32(0xa)).toBe('0x0000000a');
    expect(hex32(-1)).toBe('0xffffffff');
  });
});
