// NodeDef attrs of a custom op's node as the GraphModel holds them (protobufjs object form: int64 as decimal
// strings, bytes as base64, enums by name; FORMATS.md pitfall 8). Read these, not GraphNode.attrs, which
// lower-cases strings and maps dtypes to TensorFlow.js names (pitfall 7). Absent attrs (stripped defaults)
// fall back to the op's documented default, which the caller passes.
import type { GraphNode } from '@tensorflow/tfjs-converter';

interface RawAttr {
  i?: string | number;
  b?: boolean;
  s?: string;
  type?: string | number;
  f?: number;
  list?: { s?: string[]; i?: Array<string | number> };
}

function raw(node: GraphNode, name: string): RawAttr | undefined {
  return (node as unknown as { node?: { rawAttrs?: Record<string, RawAttr> } }).node?.rawAttrs?.[name];
}

export function intAttr(node: GraphNode, name: string, fallback: number): number {
  const v = raw(node, name)?.i;
  return v === undefined ? fallback : Number(v);
}

/** An int attr that may exceed 2^53 (e.g. num_buckets), exactly. */
export function bigIntAttr(node: GraphNode, name: string, fallback: bigint): bigint {
  const v = raw(node, name)?.i;
  return v === undefined ? fallback : BigInt(v);
}

export function boolAttr(node: GraphNode, name: string, fallback: boolean): boolean {
  return raw(node, name)?.b ?? fallback;
}

/** A string attr's raw bytes. */
export function bytesAttr(node: GraphNode, name: string, fallback: Uint8Array): Uint8Array {
  const v = raw(node, name)?.s;
  return v === undefined ? fallback : Uint8Array.from(atob(v), (c) => c.charCodeAt(0));
}

/** A type attr as a DataType name ("DT_INT64"), or undefined when absent. */
export function typeAttr(node: GraphNode, name: string): string | undefined {
  const v = raw(node, name)?.type;
  return v === undefined ? undefined : String(v);
}

export function floatAttr(node: GraphNode, name: string, fallback: number): number {
  return raw(node, name)?.f ?? fallback;
}

/** A list(string) attr's values as text (e.g. fused_ops). */
export function stringListAttr(node: GraphNode, name: string): string[] {
  return (raw(node, name)?.list?.s ?? []).map((v) => atob(v));
}
