// The decode ops as TensorFlow's DecodeImageV2Op runs them (decode_image_op.cc): every op sniffs the format
// from the magic bytes and decodes JPEG, PNG and GIF whatever its name (DecodeBmp only BMP, and BMP only by
// DecodeBmp / DecodeImage), with that op's rank (DecodeGif 4-D, GIFs 4-D under DecodeImage unless
// expand_animations=False) and dtype conversion (uint16: ×256 for 8-bit formats; float: /255, or /65535 of
// the 16-bit PNG decode).
import { ServingError } from '../../errors/index.ts';
import { decodeBmp } from './bmp.ts';
import { decodeGif } from './gif.ts';
import type { DecodedImage } from './image.ts';
import { decodeJpeg, type JpegOptions } from './jpeg.ts';
import { decodePng } from './png.ts';

export type DecodeOp = 'DecodeJpeg' | 'DecodePng' | 'DecodeGif' | 'DecodeBmp' | 'DecodeImage';
export type ImageDtype = 'uint8' | 'uint16' | 'float32';

export interface DecodeAttrs {
  channels: number;
  dtype: ImageDtype;
  expandAnimations: boolean;
  jpeg: JpegOptions;
}

export interface DecodedTensor {
  shape: number[];
  dtype: ImageDtype;
  data: Uint8Array | Uint16Array | Float32Array;
}

const invalid = (m: string) => new ServingError('INVALID_ARGUMENT', m);

type Format = 'jpeg' | 'png' | 'gif' | 'bmp' | 'webp' | 'jxl' | 'unknown';

function sniff(b: Uint8Array): Format {
  const starts = (...bytes: number[]) => bytes.every((x, i) => b[i] === x);
  if (starts(0xff, 0xd8, 0xff)) return 'jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'gif';
  if (starts(0x42, 0x4d)) return 'bmp';
  if (starts(0x52, 0x49, 0x46, 0x46) && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50) return 'webp';
  if (starts(0xff, 0x0a) || starts(0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20)) return 'jxl';
  return 'unknown';
}

/** Decodes one scalar string the way op `op` does. */
export function decodeImageBytes(op: DecodeOp, bytes: Uint8Array, a: DecodeAttrs): DecodedTensor {
  if (bytes.length === 0) throw invalid('Input is empty.');
  const format = sniff(bytes);
  switch (format) {
    case 'jpeg': {
      if (a.channels === 4) throw invalid('JPEG does not support 4 channels');
      if (op === 'DecodeBmp') throw invalid('Trying to decode JPEG format using DecodeBmp op. Use `decode_jpeg` or `decode_image` instead.');
      return finish(decodeJpeg(bytes, { ...a.jpeg, channels: a.channels }), op === 'DecodeGif', a.dtype, 8);
    }
    case 'png': {
      // TF initialises libpng (header errors, size check) before it looks at the op, and decodes the data after.
      let img: DecodedImage | undefined;
      let dataError: unknown;
      try {
        img = decodePng(bytes, a.channels, a.dtype === 'uint8' ? 8 : 16);
      } catch (e) {
        if (!(e instanceof ServingError) || e.message.startsWith('Invalid PNG. ') || e.message.startsWith('PNG size')) throw e;
        dataError = e;
      }
      if (op === 'DecodeBmp') throw invalid('Trying to decode PNG format using DecodeBmp op. Use `decode_png` or `decode_image` instead.');
      if (!img) throw dataError;
      return finish(img, op === 'DecodeGif', a.dtype, a.dtype === 'uint8' ? 8 : 16);
    }
    case 'gif': {
      if (a.channels !== 0 && a.channels !== 3) throw invalid(`channels must be 0 or 3 for GIF, got ${a.channels}`);
      if (op === 'DecodeBmp') throw invalid('Trying to decode GIF format using DecodeBmp op. Use `decode_gif` or `decode_image` instead.');
      const firstOnly = op === 'DecodeImage' && !a.expandAnimations;
      const img = decodeGif(bytes, firstOnly);
      if ((op === 'DecodePng' || op === 'DecodeJpeg') && img.frames !== 1) {
        throw invalid(`Got ${img.frames} frames, but animated gifs can only be decoded by tf.io.decode_gif or tf.io.decode_image`);
      }
      const fourD = op === 'DecodeGif' || (op === 'DecodeImage' && a.expandAnimations);
      return finish(img, fourD, a.dtype, 8);
    }
    case 'bmp': {
      if (a.channels === 1) throw invalid(`\`channels\` must be 0, 3 or 4 for BMP, but got ${a.channels}`);
      if (op !== 'DecodeBmp' && op !== 'DecodeImage') throw invalid(`Trying to decode BMP format using a wrong op. Use \`decode_bmp\` or \`decode_image\` instead. Op used: ${op}`);
      return finish(decodeBmp(bytes, a.channels), false, a.dtype, 8);
    }
    case 'webp': case 'jxl':
      throw new ServingError('UNIMPLEMENTED', `${format === 'webp' ? 'WebP' : 'JPEG XL'} images are not decoded by the portable engine (JPEG, PNG, GIF and BMP are)`);
    default:
      throw invalid('Unknown image file format. One of JPEG, JPEG XL, PNG, GIF, BMP, WebP required.');
  }
}

function finish(img: DecodedImage, fourD: boolean, dtype: ImageDtype, bits: 8 | 16): DecodedTensor {
  const shape = fourD ? [img.frames, img.height, img.width, img.channels] : [img.height, img.width, img.channels];
  const src = img.data;
  if (dtype === 'uint8' || (dtype === 'uint16' && bits === 16)) return { shape, dtype, data: src };
  if (dtype === 'uint16') return { shape, dtype, data: Uint16Array.from(src, (v) => v * 256) };
  const scale = Math.fround(bits === 16 ? 1 / 65535 : 1 / 255);
  return { shape, dtype, data: Float32Array.from(src, (v) => v * scale) };
}

