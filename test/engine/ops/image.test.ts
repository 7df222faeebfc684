// The image ops against TensorFlow 2.21 (scripts/generate_image_vectors.py): every decode case's output
// must hash like TensorFlow's (pixel-exact: JPEG through libjpeg-turbo's IFAST/ISLOW IDCTs and upsampling,
// PNG through libpng's transformations, GIF, BMP) or fail with TensorFlow's message; every resize case must
// equal TensorFlow's float32 output bit for bit (bicubic: within 1e-5 relative).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IMAGE_OPS } from '../../../lib/engine/ops/image.ts';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { REPO_ROOT } from '../../helpers/fixtures.ts';
import { base64, opNode, type RawAttrs } from './op-node.ts';

interface DecodeCase { file: string; op: string; attrs?: Record<string, number | boolean | string>; shape?: number[]; dtype?: string; sha256?: string; error?: string }
interface ResizeCase { op: string; attrs: Record<string, boolean>; dtype: 'float32' | 'uint8'; input_shape: number[]; size: number[]; shape: number[]; float32_le_base64: string }

const vectors = JSON.parse(readFileSync(new URL('./image.vectors.json', import.meta.url), 'utf8')) as { decode: DecodeCase[]; resize: ResizeCase[] };
const FILES = join(REPO_ROOT, 'test/fixtures/image');

beforeAll(async () => {
  await ensureBackend('wasm');
});
beforeEach(() => tf.engine().startScope());
afterEach(() => tf.engine().endScope());

function rawAttrs(attrs: DecodeCase['attrs'] = {}): RawAttrs {
  const raw: RawAttrs = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'dtype') raw[k] = { type: v === 'float32' ? 'DT_FLOAT' : `DT_${String(v).toUpperCase()}` };
    else if (typeof v === 'boolean') raw[k] = { b: v };
    else if (typeof v === 'number') raw[k] = { i: String(v) };
    else raw[k] = { s: base64(v) };
  }
  return raw;
}

function decode(c: DecodeCase, bytes: Uint8Array): { shape: number[]; sha256: string } {
  const out = IMAGE_OPS[c.op](opNode([tf.tensor([bytes], [], 'string')], rawAttrs(c.attrs))) as tf.Tensor;
  const values = out.dataSync();
  const typed = c.dtype === 'float32' ? Float32Array.from(values) : c.dtype === 'uint16' ? Uint16Array.from(values) : Uint8Array.from(values);
  const sha256 = createHash('sha256').update(new Uint8Array(typed.buffer)).digest('hex').slice(0, 24);
  return { shape: out.shape, sha256 };
}

/**
 * Where we knowingly answer differently, and why. TF decodes this 60000x60000 header at ratio 8 into a
 * 7500x7500 picture of mostly zeros from ~1 KB of data; the portable engine refuses declared sizes whose
 * coefficient buffers would exceed its bound (2^24 blocks) instead of allocating gigabytes.
 */
const DEVIATIONS: Record<string, string> = {
  'jhuge.jpg DecodeJpeg {"ratio":8}': 'jpeg::Uncompress failed. Invalid JPEG data or crop window.',
};

const byFile = new Map<string, DecodeCase[]>();
for (const c of vectors.decode) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c]);

describe('decode ops match TensorFlow', () => {
  it.each([...byFile.keys()])('%s', (file) => {
    const bytes = new Uint8Array(readFileSync(join(FILES, file)));
    const wrong: string[] = [];
    for (let c of byFile.get(file)!) {
      const label = `${c.op} ${JSON.stringify(c.attrs ?? {})}`;
      const deviation = DEVIATIONS[`${file} ${label}`];
      if (deviation) c = { ...c, error: deviation };
      let got: { shape: number[]; sha256: string } | undefined;
      let error: string | undefined;
      try {
        got = decode(c, bytes);
      } catch (e) {
        error = (e as Error).message;
      }
      if (c.error !== undefined) {
        if (error !== c.error) wrong.push(`${label}: TF fails with "${c.error}", ours ${error ? `"${error}"` : 'decodes'}`);
      } else if (error !== undefined) wrong.push(`${label}: TF decodes, ours fails "${error}"`);
      else if (JSON.stringify(got!.shape) !== JSON.stringify(c.shape) || got!.sha256 !== c.sha256) wrong.push(`${label}: shape ${got!.shape} vs ${c.shape}, pixels differ`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('resize ops equal TensorFlow bit for bit', () => {
  it.each(vectors.resize.map((c, i) => [`${c.op} ${JSON.stringify(c.attrs)} ${c.dtype} ${c.input_shape} -> ${c.size}`, i] as const))('%s', (_label, i) => {
    const c = vectors.resize[i];
    const n = c.input_shape.reduce((a, b) => a * b, 1);
    // The generator's input formula.
    const input = Array.from({ length: n }, (_, k) => (c.dtype === 'uint8' ? (k * 97 + 13) % 256 : Math.fround(((k * 7919) % 255000) / 1000)));
    const images = tf.tensor(input, c.input_shape, c.dtype === 'uint8' ? 'int32' : 'float32');
    const attrs: RawAttrs = Object.fromEntries(Object.entries(c.attrs).map(([k, v]) => [k, { b: v }]));
    const run = () => IMAGE_OPS[c.op](opNode([images, tf.tensor(c.size, [2], 'int32')], attrs)) as tf.Tensor;
    const raw = Buffer.from(c.float32_le_base64, 'base64');
    const want = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length));
    if (c.op === 'ResizeArea' && c.attrs.align_corners && c.input_shape.slice(1, 3).includes(1)) {
      // TF's scale is 0 there; we refuse rather than guess (TF answers finite numbers, its formulas NaN).
      expect(run).toThrow('not supported by the portable engine');
      return;
    }
    const out = run();
    expect(out.shape).toEqual(c.shape);
    const got = Float32Array.from(out.dataSync());
    if (c.op !== 'ResizeBicubic') {
      expect(got).toEqual(want);
      return;
    }
    // Bicubic: equal but for the last bit of a few align_corners values from 1-pixel sides.
    const worst = Math.max(...Array.from(want, (w, k) => Math.abs(w - got[k]) / (1 + Math.abs(w))));
    expect(worst).toBeLessThan(1e-5);
  });
});

describe('hostile images fail fast instead of allocating', () => {
  const decodeImage = (bytes: Uint8Array) => IMAGE_OPS.DecodeImage(opNode([tf.tensor([bytes], [], 'string')]));
  it('a JPEG header declaring 60000x60000 is INVALID_ARGUMENT', () => {
    expect(() => decodeImage(new Uint8Array(readFileSync(join(FILES, 'jhuge.jpg'))))).toThrow('jpeg::Uncompress failed');
  });
  it('a 1 KB JPEG declaring 10000x10000 is refused before allocating coefficients (at most 8 blocks per byte)', () => {
    const jpeg = new Uint8Array(readFileSync(join(FILES, 'jtrunc_noeoi.jpg')));
    const sof = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xc0);
    new DataView(jpeg.buffer, jpeg.byteOffset).setUint16(sof + 5, 10000);
    new DataView(jpeg.buffer, jpeg.byteOffset).setUint16(sof + 7, 10000);
    const before = process.memoryUsage().arrayBuffers;
    expect(() => decodeImage(jpeg)).toThrow('jpeg::Uncompress failed');
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 2 ** 20);
  });
  it('a PNG declaring 20000x20000 with a few bytes of data is refused before any pixel buffer', () => {
    const png = new Uint8Array(readFileSync(join(FILES, 'p_rgb_1x1.png')));
    const view = new DataView(png.buffer, png.byteOffset);
    view.setUint32(16, 20000);
    view.setUint32(20, 20000);
    // IHDR's CRC no longer matches: libpng refuses at initialisation.
    expect(() => decodeImage(png)).toThrow('Invalid PNG. Failed to initialize decoder.');
  });
  it('a GIF whose frame declares 65535x65535 is refused before decoding it', () => {
    const gif = new Uint8Array(readFileSync(join(FILES, 'g_one_1x1.gif')));
    const at = gif.indexOf(0x2c);
    gif.set([0xff, 0xff, 0xff, 0xff], at + 5);
    gif.set([0xff, 0xff, 0xff, 0xff], 6);
    expect(() => decodeImage(gif)).toThrow(/Invalid GIF data/);
  });
});
