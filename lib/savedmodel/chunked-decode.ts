// Decodes saved_model.pb without holding the event loop: the SavedModel, MetaGraphDef, GraphDef and
// FunctionDefLibrary levels are split by hand, and their repeated NodeDefs / FunctionDefs are decoded one at a
// time by protobufjs with a pause every few ms (issue 10 item 4: a 1.3M-node graph took seconds in one call).
// The result equals protoType(...).decode(bytes): a sub-message decodes the same alone as in its parent.
import { protobuf, protoType } from '../proto/index.ts';
import { TimeSlice } from '../io/index.ts';

type Decoded = protobuf.Message & Record<string, unknown>;

/** Wire fields of a message (tag numbers below) decoded separately; every other field goes to the plain decode. */
interface Split {
  rest: Uint8Array;
  /** field number → [start, end) byte offsets in the message of each occurrence (length-delimited), flat. */
  parts: Map<number, number[]>;
}

/**
 * The message `typeName` from `bytes`, the levels in NESTED decoded piecewise with pauses. `skip` names fields
 * of those levels ("tensorflow.MetaGraphDef.graph_def") left undecoded: present ones become empty messages.
 */
export async function decodeInSlices(typeName: string, bytes: Uint8Array, slice: TimeSlice = new TimeSlice(), skip: ReadonlySet<string> = new Set()): Promise<protobuf.Message> {
  return decodeLevel(typeName, bytes, slice, skip);
}

/**
 * The levels split by hand: type → field number → [field name, element type, repeated]. A singular message
 * field that occurs twice (protobuf merges the occurrences) is decoded whole instead.
 */
const NESTED: Record<string, Record<number, [string, string, boolean]>> = {
  'tensorflow.SavedModel': { 2: ['meta_graphs', 'tensorflow.MetaGraphDef', true] },
  'tensorflow.MetaGraphDef': { 2: ['graph_def', 'tensorflow.GraphDef', false] },
  'tensorflow.GraphDef': { 1: ['node', 'tensorflow.NodeDef', true], 2: ['library', 'tensorflow.FunctionDefLibrary', false] },
  'tensorflow.FunctionDefLibrary': { 1: ['function', 'tensorflow.FunctionDef', true] },
};

/** protoType per name once: a namespace lookup per NodeDef was a visible share of a 1M-node decode. */
const types = new Map<string, protobuf.Type>();
function typeOf(name: string): protobuf.Type {
  let t = types.get(name);
  if (!t) types.set(name, (t = protoType(name)));
  return t;
}

async function decodeLevel(typeName: string, bytes: Uint8Array, slice: TimeSlice, skip: ReadonlySet<string>): Promise<Decoded> {
  const nested = NESTED[typeName];
  if (!nested) {
    const m = typeOf(typeName).decode(bytes) as Decoded;
    if (slice.due()) await slice.pause();
    return m;
  }
  const { rest, parts } = await split(bytes, new Set(Object.keys(nested).map(Number)), slice);
  const message = typeOf(typeName).decode(rest) as Decoded;
  for (const [field, offsets] of parts) {
    const [name, elementType, repeated] = nested[field];
    if (skip.has(`${typeName}.${name}`)) {
      message[name] = repeated ? [] : (protoType(elementType).create() as Decoded);
      continue;
    }
    const occurrence = (k: number) => bytes.subarray(offsets[2 * k], offsets[2 * k + 1]);
    const count = offsets.length / 2;
    if (repeated) {
      const values: Decoded[] = [];
      for (let k = 0; k < count; k++) values.push(await decodeLevel(elementType, occurrence(k), slice, skip));
      message[name] = values;
    } else if (count === 1) message[name] = await decodeLevel(elementType, occurrence(0), slice, skip);
    else message[name] = protoType(elementType).decode(concat(Array.from({ length: count }, (_, k) => occurrence(k)))) as Decoded; // concatenated messages merge
  }
  return message;
}

/**
 * Splits the top-level fields of a message: the length-delimited occurrences of `fields` apart (as offsets: a
 * view per NodeDef of a 1M-node graph was 1M objects to collect), the rest together. Pauses when the slice is up.
 */
async function split(bytes: Uint8Array, fields: ReadonlySet<number>, slice: TimeSlice): Promise<Split> {
  const reader = protobuf.Reader.create(bytes);
  const parts = new Map<number, number[]>();
  const rest: Uint8Array[] = [];
  let restStart = 0;
  while (reader.pos < reader.len) {
    if (slice.due()) await slice.pause();
    const at = reader.pos;
    const tag = reader.uint32();
    const field = tag >>> 3;
    if (fields.has(field) && (tag & 7) === 2) {
      const length = reader.uint32();
      const start = reader.pos;
      reader.skip(length);
      if (at > restStart) rest.push(bytes.subarray(restStart, at));
      restStart = reader.pos;
      const list = parts.get(field) ?? [];
      list.push(start, start + length);
      parts.set(field, list);
    } else reader.skipType(tag & 7);
  }
  if (reader.len > restStart) rest.push(bytes.subarray(restStart, reader.len));
  return { rest: rest.length === 1 ? rest[0] : concat(rest), parts };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
