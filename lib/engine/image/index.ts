// Image codecs of the portable engine: TensorFlow's decode ops, pixel-exact (see DESIGN.md "Images").
export { decodeImageBytes, type DecodeAttrs, type DecodeOp, type DecodedTensor, type ImageDtype } from './decode-image.ts';
export { JPEG_DEFAULTS, type JpegOptions } from './jpeg.ts';
