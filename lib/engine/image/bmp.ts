// BMP decoding exactly as TensorFlow's DecodeBmp (decode_image_op.cc DecodeBmpV2): a pixel-data offset at 10,
// width at 18, height at 22 (negative = top-down), bits per pixel at 28; 8/24/32-bit uncompressed rows
// padded to 4 bytes; the file size must equal offset + rows exactly; BGR(A) → RGB(A), gray replicated,
// alpha 255 when added. No palette, no compression fields are read (TF does not read them either).
import { ServingError } from '../../errors/index.ts';
import type { DecodedImage } from './image.ts';

const invalid = (m: string) => new ServingError('INVALID_ARGUMENT', m);

export function decodeBmp(data: Uint8Array, channels: number): DecodedImage {
  if (channels === 1) throw invalid(`\`channels\` must be 0, 3 or 4 for BMP, but got ${channels}`);
  if (data.length < 32) throw invalid(`Incomplete bmp content, requires at least 32 bytes to find the header size, width, height, and bpp, got ${data.length} bytes`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const headerSize = view.getInt32(10, true), width = view.getInt32(18, true), height = view.getInt32(22, true);
  const bpp = view.getInt16(28, true);
  const inCh = Math.trunc(bpp / 8);
  if (inCh !== 1 && inCh !== 3 && inCh !== 4) throw invalid(`Number of channels inherent in the image must be 1, 3 or 4, was ${inCh}`);
  const outCh = channels || inCh;
  if (width <= 0) throw invalid('Width must be positive');
  if (height === 0) throw invalid('Height must be nonzero');
  if (headerSize < 0) throw invalid('header size must be nonnegative');
  const absH = Math.abs(height);
  if (width * absH >= Math.floor(2147483647 / 8)) throw invalid('Total possible pixel bytes must be less than 2^30');
  const rowSize = Math.floor((inCh * width + 3) / 4) * 4;
  // TF computes this in 32-bit int arithmetic.
  const diff = (data.length - headerSize - rowSize * absH) | 0;
  if (diff !== 0) throw invalid(`Input size should match (header_size + row_size * abs_height) but they differ by ${diff}`);
  const out = new Uint8Array(width * absH * outCh);
  for (let i = 0; i < absH; i++) {
    const row = headerSize + (height < 0 ? i : absH - 1 - i) * rowSize;
    for (let j = 0; j < width; j++) {
      const s = row + j * inCh, d = (i * width + j) * outCh;
      if (inCh === 1) {
        out[d] = data[s];
        if (outCh >= 3) out[d + 1] = out[d + 2] = data[s];
        if (outCh === 4) out[d + 3] = 255;
      } else {
        out[d] = data[s + 2]; out[d + 1] = data[s + 1]; out[d + 2] = data[s];
        if (outCh === 4) out[d + 3] = inCh === 4 ? data[s + 3] : 255;
      }
    }
  }
  return { width, height: absH, channels: outCh, frames: 1, data: out };
}
