// Entropy decoding of JPEG scans into per-component coefficient blocks (natural order), baseline and
// progressive Huffman (ITU T.81 F.2 / G.1.2; libjpeg-turbo jdhuff.c / jdphuff.c semantics, including the
// zero-filled MCUs after a marker was met inside the data, and restart intervals).
import { BitReader, HuffmanTable } from './jpeg-bits.ts';

/** Zigzag position → natural position; libjpeg pads with 63 so that k > 63 writes stay in the block. */
export const NATURAL = new Int32Array(80).fill(63);
[0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
].forEach((n, i) => (NATURAL[i] = n));

export interface Component {
  id: number;
  h: number;
  v: number;
  tq: number;
  /** Blocks of the component proper (ceil(ceil(X * h / hmax) / 8)). */
  blocksW: number;
  blocksH: number;
  /** Blocks allocated: whole MCUs (mcusX * h by mcusY * v). */
  bufW: number;
  bufH: number;
  coefs: Int16Array;
  pred: number;
  dc?: HuffmanTable;
  ac?: HuffmanTable;
}

export interface Scan {
  comps: Component[];
  ss: number;
  se: number;
  ah: number;
  al: number;
}

export interface ScanGeometry {
  progressive: boolean;
  mcusX: number;
  mcusY: number;
  restartInterval: number;
}

type BlockDecoder = (r: BitReader, c: Component, off: number) => void;

export function decodeScan(r: BitReader, scan: Scan, g: ScanGeometry): void {
  const state = { eobrun: 0 };
  const decodeBlock = pickDecoder(scan, g.progressive, state);
  const single = scan.comps.length === 1;
  const c0 = scan.comps[0];
  const mcusX = single ? c0.blocksW : g.mcusX;
  const total = single ? c0.blocksW * c0.blocksH : g.mcusX * g.mcusY;
  for (const c of scan.comps) c.pred = 0;
  let left = g.restartInterval;
  for (let m = 0; m < total; m++) {
    if (g.restartInterval && left === 0) {
      r.restart();
      for (const c of scan.comps) c.pred = 0;
      state.eobrun = 0;
      left = g.restartInterval;
    }
    left--;
    // libjpeg leaves an MCU zero once the data ran into a marker (entropy->insufficient_data).
    if (r.exhausted) continue;
    const mx = m % mcusX, my = (m - mx) / mcusX;
    if (single) {
      decodeBlock(r, c0, (my * c0.bufW + mx) * 64);
      continue;
    }
    for (const c of scan.comps) {
      for (let y = 0; y < c.v; y++) {
        for (let x = 0; x < c.h; x++) decodeBlock(r, c, ((my * c.v + y) * c.bufW + mx * c.h + x) * 64);
      }
    }
  }
}

function pickDecoder(scan: Scan, progressive: boolean, state: { eobrun: number }): BlockDecoder {
  const { ss, se, ah, al } = scan;
  if (!progressive) return baseline;
  if (ss === 0) return ah === 0 ? (r, c, o) => dcFirst(r, c, o, al) : (r, c, o) => dcRefine(r, c, o, al);
  return ah === 0 ? (r, c, o) => acFirst(r, c, o, ss, se, al, state) : (r, c, o) => acRefine(r, c, o, ss, se, al, state);
}

function baseline(r: BitReader, c: Component, o: number): void {
  const s = r.decode(c.dc!);
  c.pred += r.receiveExtend(s);
  const b = c.coefs;
  b[o] = c.pred;
  for (let k = 1; k < 64; k++) {
    const rs = r.decode(c.ac!);
    const run = rs >> 4, size = rs & 15;
    if (size) {
      k += run;
      b[o + NATURAL[k]] = r.receiveExtend(size);
    } else if (run === 15) k += 15;
    else break;
  }
}

function dcFirst(r: BitReader, c: Component, o: number, al: number): void {
  const s = r.decode(c.dc!);
  c.pred += r.receiveExtend(s);
  c.coefs[o] = c.pred * (1 << al);
}

function dcRefine(r: BitReader, c: Component, o: number, al: number): void {
  if (r.bit()) c.coefs[o] |= 1 << al;
}

function acFirst(r: BitReader, c: Component, o: number, ss: number, se: number, al: number, st: { eobrun: number }): void {
  if (st.eobrun > 0) {
    st.eobrun--;
    return;
  }
  const b = c.coefs;
  for (let k = ss; k <= se; k++) {
    const rs = r.decode(c.ac!);
    const run = rs >> 4, size = rs & 15;
    if (size) {
      k += run;
      b[o + NATURAL[k]] = r.receiveExtend(size) * (1 << al);
    } else if (run === 15) k += 15;
    else {
      st.eobrun = 1 << run;
      if (run) st.eobrun += r.get(run);
      st.eobrun--;
      break;
    }
  }
}

function acRefine(r: BitReader, c: Component, o: number, ss: number, se: number, al: number, st: { eobrun: number }): void {
  const p1 = 1 << al, m1 = -1 << al;
  const b = c.coefs;
  let k = ss;
  if (st.eobrun === 0) {
    for (; k <= se; k++) {
      const rs = r.decode(c.ac!);
      let run = rs >> 4;
      let s = rs & 15;
      if (s) s = r.bit() ? p1 : m1;
      else if (run !== 15) {
        st.eobrun = 1 << run;
        if (run) st.eobrun += r.get(run);
        break;
      }
      do {
        const i = o + NATURAL[k];
        const v = b[i];
        if (v !== 0) {
          if (r.bit() && (v & p1) === 0) b[i] = v >= 0 ? v + p1 : v + m1;
        } else if (--run < 0) break;
        k++;
      } while (k <= se);
      if (s) b[o + NATURAL[k]] = s;
    }
  }
  if (st.eobrun > 0) {
    for (; k <= se; k++) {
      const i = o + NATURAL[k];
      const v = b[i];
      if (v !== 0 && r.bit() && (v & p1) === 0) b[i] = v >= 0 ? v + p1 : v + m1;
    }
    st.eobrun--;
  }
}
