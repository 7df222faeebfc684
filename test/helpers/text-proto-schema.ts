// A small test-only schema with every scalar type, map key kinds, a oneof and reserved names, for the
// text-format parser tests. The project's real schemas do not have all of these (no uint64 map keys, etc.).
import protobuf from 'protobufjs';
import { parseTextProto, type TextParseOptions } from '../../lib/proto/text-format.ts';

const SCHEMA = `
syntax = "proto3";
package t;
enum Color { RED = 0; GREEN = 1; BLUE = 2; }
message Scalars {
  int32 i32 = 1; int64 i64 = 2; uint32 u32 = 3; uint64 u64 = 4; sint32 s32 = 5; sint64 s64 = 6;
  fixed32 f32 = 7; fixed64 f64 = 8; sfixed32 sf32 = 9; sfixed64 sf64 = 10;
  float fl = 11; double db = 12; bool b = 13; string s = 14; bytes by = 15; Color color = 16;
  repeated int64 ri64 = 17; repeated float rfl = 18; repeated string rs = 19; repeated Color rcolor = 20;
  map<int64, string> by_id = 21; map<bool, int32> by_flag = 22; map<string, Scalars> nested = 23;
  map<uint32, Color> colors = 24;
  Scalars child = 25; repeated Scalars children = 26;
  oneof pick { string name = 27; int32 number = 28; }
  reserved 99; reserved "old_name";
}
`;

let type: protobuf.Type | undefined;

/** The test message type `t.Scalars`. */
export function scalarsType(): protobuf.Type {
  type ??= protobuf.parse(SCHEMA, { keepCase: true }).root.resolveAll().lookupType('t.Scalars');
  return type;
}

/** Parses `text` as a t.Scalars; the result is loosely typed for terse assertions. */
export function parseScalars(text: string, options?: TextParseOptions): Record<string, any> {
  return parseTextProto(scalarsType(), text, options) as unknown as Record<string, any>;
}
