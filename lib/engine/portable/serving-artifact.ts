// The precompiled serving artifact: a version's converted (optimized) signature graphs and their weights in one
// object, so a cold api container skips the SavedModel decode and the conversion. The SavedModel stays the
// source of truth: the rollout derives the artifact from it, and a loader uses it only when its key matches.
// Layout (little-endian):
//   "TFSA" | uint32 format version | uint32 header length | header JSON (UTF-8) | pad to 8 | sections
// Sections (offsets relative to their start, each 8-aligned): the MetaGraphDef holding the tags and every
// SignatureDef (metadata), one GraphDef per converted graph (nodes + While/If bodies), then every weight's bytes
// (numeric: the typed array's bytes; strings: concatenated, with their lengths in the header).
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs-core';
import { version_converter } from '@tensorflow/tfjs-converter';
import { ServingError } from '../../errors/index.ts';
import { protoType } from '../../proto/index.ts';
import { MetaGraph, type FunctionDefMessage, type MetaGraphDefMessage, type NodeDefMessage } from '../../savedmodel/index.ts';
import { type DType, type HostTensor, type NumericDType, TYPED_ARRAY_OF } from '../../tensor/index.ts';
import type { ConvertedGraph } from '../graph/convert.ts';
import type { Feed } from '../graph/prune.ts';

/** Bump whenever the converter's output or this layout changes: older artifacts then count as stale. */
export const ARTIFACT_FORMAT = 1;
const MAGIC = 'TFSA';
/** What else an artifact depends on: the TensorFlow.js packages that build and run its graphs. */
export const ARTIFACT_ENGINE = `tfjs-core ${tf.version_core}, tfjs-converter ${version_converter}`;

interface Span { offset: number; length: number }
interface WeightEntry extends Span { name: string; dtype: DType; shape: number[]; lengths?: number[] }
interface GraphEntry { keys: string[]; graph: Span; feeds: Feed[]; fetches: Record<string, string>; weights: WeightEntry[] }

interface Header {
  /** The caller's staleness key (loader/serving-artifact-key.ts): the artifact serves only the version it names. */
  key: string;
  /** sha256 (hex) of every byte after the header: a cut or changed artifact is never decoded. */
  sha256: string;
  metaGraph: Span;
  graphs: GraphEntry[];
  /** Signatures the engine refused when the artifact was made, with their errors. */
  unavailable: { key: string; code: ServingError['code']; message: string }[];
}

/** What an artifact holds, decoded. */
export interface ArtifactContents {
  key: string;
  metaGraph: MetaGraph;
  /** Converted graphs; a graph serves every key in `keys` (twin signatures). */
  graphs: { keys: string[]; graph: ConvertedGraph }[];
  unavailable: { key: string; error: ServingError }[];
}

class Sections {
  readonly parts: Uint8Array[] = [];
  length = 0;

  add(bytes: Uint8Array): Span {
    const pad = (8 - (this.length % 8)) % 8;
    if (pad) this.parts.push(new Uint8Array(pad));
    const span = { offset: this.length + pad, length: bytes.byteLength };
    this.parts.push(bytes);
    this.length = span.offset + bytes.byteLength;
    return span;
  }
}

const GRAPH_DEF = () => protoType('tensorflow.GraphDef');
const META_GRAPH_DEF = () => protoType('tensorflow.MetaGraphDef');

function encodeWeight(sections: Sections, name: string, t: HostTensor): WeightEntry {
  if (t.dtype === 'DT_STRING') {
    const strings = t.data as Uint8Array[];
    const all = new Uint8Array(strings.reduce((n, s) => n + s.byteLength, 0));
    let at = 0;
    for (const s of strings) {
      all.set(s, at);
      at += s.byteLength;
    }
    return { name, dtype: t.dtype, shape: t.shape, lengths: strings.map((s) => s.byteLength), ...sections.add(all) };
  }
  const v = t.data as ArrayBufferView;
  return { name, dtype: t.dtype, shape: t.shape, ...sections.add(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
}

/**
 * Writes an artifact. `graphs` are the converted graphs with their weights (one per group of twin signatures).
 * @example const bytes = encodeServingArtifact({ key, metaGraph, graphs: [{ keys: ['serving_default'], graph }], unavailable: [] });
 */
export function encodeServingArtifact(contents: ArtifactContents): Uint8Array {
  const sections = new Sections();
  const def = { meta_info_def: { tags: contents.metaGraph.tags }, signature_def: contents.metaGraph.def.signature_def ?? {} };
  const metaGraph = sections.add(META_GRAPH_DEF().encode(META_GRAPH_DEF().fromObject(def)).finish());
  const graphs = contents.graphs.map(({ keys, graph: g }) => {
    const graphDef = GRAPH_DEF().fromObject({ node: g.nodes, library: { function: g.functions } });
    const graph = sections.add(GRAPH_DEF().encode(graphDef).finish());
    const weights = [...g.weights].map(([name, t]) => encodeWeight(sections, name, t));
    return { keys, graph, feeds: g.feeds, fetches: g.fetches, weights };
  });
  const unavailable = contents.unavailable.map((u) => ({ key: u.key, code: u.error.code, message: u.error.message }));
  const hash = createHash('sha256');
  let body = 0;
  for (const p of sections.parts) {
    hash.update(p);
    body += p.byteLength;
  }
  const header: Header = { key: contents.key, sha256: hash.digest('hex'), metaGraph, graphs, unavailable };
  if (body !== sections.length) throw new ServingError('INTERNAL', 'serving artifact: section sizes disagree');
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = 12 + json.byteLength + ((8 - ((12 + json.byteLength) % 8)) % 8);
  const out = new Uint8Array(start + sections.length);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(4, ARTIFACT_FORMAT, true);
  view.setUint32(8, json.byteLength, true);
  out.set(json, 12);
  let at = start;
  for (const p of sections.parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

const corrupt = (why: string) => new ServingError('DATA_LOSS', `serving artifact: ${why}`);

/** The header's format version and staleness key without decoding the rest; undefined when it is no artifact. */
export function peekServingArtifact(bytes: Uint8Array): { format: number; key: string } | undefined {
  if (bytes.byteLength < 12 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(8, true);
  if (12 + length > bytes.byteLength) return undefined;
  try {
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as Header;
    return { format: view.getUint32(4, true), key: String(header.key) };
  } catch {
    return undefined;
  }
}

/** Reads an artifact; DATA_LOSS when it is not one of this format or is cut short (check its sha256 first). */
export function decodeServingArtifact(bytes: Uint8Array): ArtifactContents {
  const peek = peekServingArtifact(bytes);
  if (!peek) throw corrupt('not an artifact (bad magic or header)');
  if (peek.format !== ARTIFACT_FORMAT) throw corrupt(`format ${peek.format}, this engine reads ${ARTIFACT_FORMAT}`);
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as Header;
  const start = 12 + length + ((8 - ((12 + length) % 8)) % 8);
  if (start > bytes.byteLength) throw corrupt('truncated');
  const sha256 = createHash('sha256').update(bytes.subarray(start)).digest('hex');
  if (sha256 !== header.sha256) throw corrupt(`sha256 ${sha256} of its body, the header says ${header.sha256}`);
  // One copy of the sections into an aligned buffer: typed arrays are views of it.
  const body = new Uint8Array(bytes.byteLength - start);
  body.set(bytes.subarray(start));
  const slice = (s: Span): Uint8Array => {
    if (s.offset + s.length > body.byteLength) throw corrupt('truncated');
    return body.subarray(s.offset, s.offset + s.length);
  };
  const metaDef = META_GRAPH_DEF().decode(slice(header.metaGraph)) as unknown as MetaGraphDefMessage;
  const metaGraph = new MetaGraph([...(metaDef.meta_info_def?.tags ?? [])], metaDef);
  const graphs = header.graphs.map((e) => {
    const def = GRAPH_DEF().decode(slice(e.graph)) as unknown as { node?: NodeDefMessage[]; library?: { function?: FunctionDefMessage[] } };
    const weights = new Map<string, HostTensor>(e.weights.map((w) => [w.name, decodeWeight(w, slice(w))]));
    const graph: ConvertedGraph = {
      signature: metaGraph.signature(e.keys[0]), nodes: def.node ?? [], functions: def.library?.function ?? [], weights, feeds: e.feeds, fetches: e.fetches,
    };
    return { keys: e.keys, graph };
  });
  const unavailable = header.unavailable.map((u) => ({ key: u.key, error: new ServingError(u.code, u.message) }));
  return { key: header.key, metaGraph, graphs, unavailable };
}

function decodeWeight(w: WeightEntry, bytes: Uint8Array): HostTensor {
  if (w.dtype === 'DT_STRING') {
    const out: Uint8Array[] = [];
    let at = 0;
    for (const n of w.lengths ?? []) {
      out.push(bytes.subarray(at, at + n));
      at += n;
    }
    return { dtype: w.dtype, shape: w.shape, data: out };
  }
  const Ctor = TYPED_ARRAY_OF[w.dtype as NumericDType];
  if (!Ctor || bytes.byteLength % Ctor.BYTES_PER_ELEMENT !== 0) throw corrupt(`weight '${w.name}' has ${bytes.byteLength} bytes for ${w.dtype}`);
  return { dtype: w.dtype, shape: w.shape, data: new Ctor(bytes.buffer, bytes.byteOffset, bytes.byteLength / Ctor.BYTES_PER_ELEMENT) } as HostTensor;
}
