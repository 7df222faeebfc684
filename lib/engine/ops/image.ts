// Image ops TensorFlow.js lacks or computes differently: the decode ops (DecodeJpeg, DecodePng, DecodeGif, DecodeBmp, DecodeImage; pixel-exact codecs in ../image/) and TF's resize kernels in
// float32 (ResizeBilinear, ResizeNearestNeighbor, ResizeArea, ResizeBicubic; ../image/resize.ts), and CropAndResize
// (../image/crop-and-resize.ts) and ImageProjectiveTransformV3 (../image/projective-transform.ts).
// uint8 / uint16 images travel as int32 tensors (tfjs has no 8/16-bit dtypes; host-tensors.ts).
// DecodeAndCropJpeg is not here (refused at load): libjpeg-turbo upsamples chroma within the cropped
// MCU-aligned region, so its pixels near the window differ from a full decode cropped (seen: up to 11 levels).
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import { decodeImageBytes, type DecodeOp, type ImageDtype, JPEG_DEFAULTS } from '../image/index.ts';
import { cropAndResize } from '../image/crop-and-resize.ts';
import { type FillMode, projectiveTransform } from '../image/projective-transform.ts';
import { resizeArea, resizeBicubic, resizeBilinear, resizeNearest, type ResizeArgs } from '../image/resize.ts';
import type { OpTable } from './index.ts';
import { boolAttr, bytesAttr, floatAttr, intAttr, typeAttr } from './raw-attrs.ts';

const invalid = (m: string) => new ServingError('INVALID_ARGUMENT', m);
const shapeString = (s: readonly number[]) => `[${s.join(',')}]`;

const DTYPES: Record<string, ImageDtype> = { DT_UINT8: 'uint8', DT_UINT16: 'uint16', DT_FLOAT: 'float32' };

function decodeOp(op: DecodeOp) {
  return (node: GraphNode): tf.Tensor => {
    const contents = node.inputs[0];
    if (contents.rank !== 0) throw invalid(`\`contents\` must be scalar but got shape${shapeString(contents.shape)}`);
    const bytes = (tf.engine().readSync(contents.dataId) as unknown as Uint8Array[])[0];
    const dtypeName = op === 'DecodePng' || op === 'DecodeImage' ? typeAttr(node, 'dtype') ?? 'DT_UINT8' : 'DT_UINT8';
    const dtype = DTYPES[dtypeName];
    if (!dtype || (op === 'DecodePng' && dtype === 'float32')) throw invalid(`\`dtype\` for \`${op}\` must be unit8, unit16${op === 'DecodeImage' ? ', float' : ''} but got: ${dtypeName}`);
    // DecodeGif has no channels attr: TF decodes with 3 (a grayscale JPEG through DecodeGif comes out RGB).
    const channels = op === 'DecodeGif' ? 3 : intAttr(node, 'channels', 0);
    if (![0, 1, 3, 4].includes(channels)) throw invalid(`\`channels\` must be 0, 1, 3 or 4 but got ${channels}`);
    const jpegOp = op === 'DecodeJpeg';
    const ratio = jpegOp ? intAttr(node, 'ratio', 1) : 1;
    if (![1, 2, 4, 8].includes(ratio)) throw invalid(`ratio must be 1, 2, 4, or 8, got ${ratio}`);
    const dct = jpegOp ? new TextDecoder().decode(bytesAttr(node, 'dct_method', new Uint8Array(0))) : '';
    if (!['', 'INTEGER_FAST', 'INTEGER_ACCURATE'].includes(dct)) throw invalid("dct_method must be one of {'', 'INTEGER_FAST', 'INTEGER_ACCURATE'}");
    const out = decodeImageBytes(op, bytes, {
      channels,
      dtype,
      expandAnimations: op === 'DecodeImage' ? boolAttr(node, 'expand_animations', true) : true,
      jpeg: {
        ...JPEG_DEFAULTS,
        ratio,
        fancyUpscaling: jpegOp ? boolAttr(node, 'fancy_upscaling', true) : true,
        tryRecoverTruncated: jpegOp ? boolAttr(node, 'try_recover_truncated', false) : false,
        dct: dct === 'INTEGER_ACCURATE' ? 'islow' : 'ifast',
      },
    });
    return out.dtype === 'float32' ? tf.tensor(out.data as Float32Array, out.shape, 'float32') : tf.tensor(Int32Array.from(out.data), out.shape, 'int32');
  };
}

type Resizer = (a: ResizeArgs) => ArrayLike<number>;

/** resize ops: images [batch, height, width, channels], size [2] int32 (image_resizer_state.h checks). */
function resizeOp(kernel: Resizer, keepsDtype: boolean) {
  return (node: GraphNode): tf.Tensor => {
    const [images, size] = node.inputs;
    if (images.rank !== 4) throw invalid(`input must be 4-dimensional${shapeString(images.shape)}`);
    if (size.rank !== 1 || size.shape[0] !== 2) throw invalid(`shape_t must be 1-dimensional and have 2 elements: ${shapeString(size.shape)}`);
    const [outH, outW] = Array.from(size.dataSync());
    const [batch, inH, inW, channels] = images.shape;
    if (!(outH > 0 && outW > 0)) throw invalid('output dimensions must be positive');
    if (!(inH > 0 && inW > 0)) throw invalid('input image must be of non-zero size');
    const alignCorners = boolAttr(node, 'align_corners', false);
    if (kernel === resizeArea && alignCorners && ((inH === 1 && outH > 1) || (inW === 1 && outW > 1))) {
      // TF's scale is 0 there and its answer is not what resize_area_op.cc's formulas give (unverified).
      throw new ServingError('UNIMPLEMENTED', 'ResizeArea with align_corners=True from a 1-pixel side is not supported by the portable engine');
    }
    const halfPixelCenters = boolAttr(node, 'half_pixel_centers', false);
    if (alignCorners && halfPixelCenters) throw invalid('If half_pixel_centers is True, align_corners must be False.');
    const data = kernel({ input: images.dataSync() as ArrayLike<number>, batch, inH, inW, channels, outH, outW, alignCorners, halfPixelCenters });
    const shape = [batch, outH, outW, channels];
    if (!keepsDtype) return tf.tensor(data as Float32Array, shape, 'float32');
    return images.dtype === 'float32' ? tf.tensor(Float32Array.from(data), shape, 'float32') : tf.tensor(Int32Array.from(data), shape, images.dtype);
  };
}

/** CropAndResize: image [batch, h, w, depth], boxes [n, 4], box_ind [n], crop_size [2] (crop_and_resize_op.cc checks). */
function cropAndResizeOp(node: GraphNode): tf.Tensor {
  const [image, boxes, boxInd, size] = node.inputs;
  if (image.rank !== 4) throw invalid(`input image must be 4-D${shapeString(image.shape)}`);
  const [batch, height, width, depth] = image.shape;
  if (!(height > 0 && width > 0)) throw invalid('image dimensions must be positive');
  if (boxes.rank !== 2 || boxes.shape[1] !== 4) throw invalid(`boxes must be 2-D, got: ${shapeString(boxes.shape)}`);
  if (boxInd.rank !== 1) throw invalid(`box_indices must be rank 1 but is shape ${shapeString(boxInd.shape)}`);
  if (boxInd.shape[0] !== boxes.shape[0]) throw invalid('box_index has incompatible shape');
  if (size.rank !== 1 || size.shape[0] !== 2) throw invalid(`crop_size must have two elements${shapeString(size.shape)}`);
  const [cropH, cropW] = Array.from(size.dataSync());
  if (!(cropH > 0 && cropW > 0)) throw invalid('crop dimensions must be positive');
  const boxData = boxes.dataSync();
  const index = boxInd.dataSync();
  if (index.some((b) => b < 0 || b >= batch)) throw new ServingError('OUT_OF_RANGE', 'box_index has values outside [0, batch_size)');
  if (boxData.some((v) => !Number.isFinite(v))) throw invalid('Boxes contains at least one element that is not finite');
  const method = new TextDecoder().decode(bytesAttr(node, 'method', new TextEncoder().encode('bilinear')));
  if (method !== 'bilinear' && method !== 'nearest') throw invalid(`method must be 'bilinear' or 'nearest'${method}`);
  const data = cropAndResize({
    image: image.dataSync() as ArrayLike<number>, batch, height, width, depth, boxes: boxData, boxIndex: index,
    cropH, cropW, nearest: method === 'nearest', extrapolation: floatAttr(node, 'extrapolation_value', 0),
  });
  return tf.tensor(data, [index.length, cropH, cropW, depth], 'float32');
}

const FILL_MODES = ['REFLECT', 'WRAP', 'CONSTANT', 'NEAREST'];

/** ImageProjectiveTransformV3: images [batch, h, w, c], transforms [1 or batch, 8], output_shape [2], fill_value scalar. */
function projectiveTransformOp(node: GraphNode): tf.Tensor {
  const [images, transforms, shapeT, fillT] = node.inputs;
  if (images.rank !== 4) throw invalid(`Input images must have rank 4${shapeString(images.shape)}`);
  const [batch, height, width, depth] = images.shape;
  if (transforms.rank !== 2 || transforms.shape[1] !== 8 || (transforms.shape[0] !== 1 && transforms.shape[0] !== batch)) {
    throw invalid(`Input transform should be num_images x 8 or 1 x 8${shapeString(transforms.shape)}`);
  }
  if (shapeT.rank !== 1 || shapeT.shape[0] !== 2) throw invalid(`output shape must be 1-dimensional with 2 elements${shapeString(shapeT.shape)}`);
  const [outH, outW] = Array.from(shapeT.dataSync());
  if (!(outH > 0 && outW > 0)) throw invalid('output dimensions must be positive');
  const text = (name: string, fallback: string) => new TextDecoder().decode(bytesAttr(node, name, new TextEncoder().encode(fallback)));
  const interpolation = text('interpolation', '');
  const fillMode = text('fill_mode', 'CONSTANT');
  if (interpolation !== 'NEAREST' && interpolation !== 'BILINEAR') throw invalid(`Invalid interpolation ${interpolation}`);
  if (!FILL_MODES.includes(fillMode)) throw invalid(`Invalid fill_mode ${fillMode}`);
  const isInt = images.dtype === 'int32';
  // static_cast<T>: integer images truncate the fill value and each interpolated value toward zero
  const cast = (v: number) => (isInt ? Math.trunc(v) : v);
  const data = projectiveTransform({
    image: images.dataSync() as ArrayLike<number>, batch, height, width, depth, transforms: transforms.dataSync(),
    perImage: transforms.shape[0] !== 1, outH, outW, bilinear: interpolation === 'BILINEAR', fillMode: fillMode as FillMode,
    fill: cast(Math.fround(fillT.dataSync()[0])),
  });
  const shape = [batch, outH, outW, depth];
  return isInt ? tf.tensor(Int32Array.from(data, cast), shape, 'int32') : tf.tensor(data, shape, images.dtype);
}

/** Custom executors, keyed by exact TensorFlow op name (STYLE.md §7). */
export const IMAGE_OPS: OpTable = {
  DecodeJpeg: decodeOp('DecodeJpeg'),
  DecodePng: decodeOp('DecodePng'),
  DecodeGif: decodeOp('DecodeGif'),
  DecodeBmp: decodeOp('DecodeBmp'),
  DecodeImage: decodeOp('DecodeImage'),
  ResizeBilinear: resizeOp(resizeBilinear, false),
  ResizeNearestNeighbor: resizeOp(resizeNearest, true),
  ResizeArea: resizeOp(resizeArea, false),
  ResizeBicubic: resizeOp(resizeBicubic, false),
  CropAndResize: cropAndResizeOp,
  ImageProjectiveTransformV3: projectiveTransformOp,
};
