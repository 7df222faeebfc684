// What every image decoder returns: 8-bit (or 16-bit PNG) samples, frames x height x width x channels.

export interface DecodedImage {
  width: number;
  height: number;
  channels: number;
  frames: number;
  /** Row-major samples; Uint16Array only for 16-bit PNG decoded to uint16. */
  data: Uint8Array | Uint16Array;
}
