// Types for the untyped `snappyjs` package (a CommonJS module), covering what lib/savedmodel uses.
declare module 'snappyjs' {
  interface SnappyJS {
    /**
     * Decodes a raw Snappy block (no framing). Throws a plain Error on a bad stream, or when the
     * length header exceeds `maxLength`, which must be given for untrusted input (it bounds the allocation).
     */
    uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
    compress(uncompressed: Uint8Array): Uint8Array;
  }
  const snappy: SnappyJS;
  export = snappy;
}
