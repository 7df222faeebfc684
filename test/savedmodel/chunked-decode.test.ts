// The sliced decode of saved_model.pb (chunked-decode.ts: the SavedModel/MetaGraphDef/GraphDef/library levels
// split by hand, each NodeDef and FunctionDef decoded alone) gives the message protobufjs decodes in one call,
// on every committed fixture, and with a slice so short it pauses between almost every node.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TimeSlice } from '../../lib/io/index.ts';
import { protoType } from '../../lib/proto/index.ts';
import { decodeInSlices } from '../../lib/savedmodel/chunked-decode.ts';

const FIXTURES = ['test/fixtures', 'models']
  .flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => p.endsWith('saved_model.pb')).map((p) => join(dir, p)))
  .sort();
const type = protoType('tensorflow.SavedModel');
const asObject = (m: object) => type.toObject(m as never, { longs: String, bytes: String, enums: String, defaults: false });

describe('decodeInSlices', () => {
  it('has fixtures to compare', () => expect(FIXTURES.length).toBeGreaterThan(50));

  it.each(FIXTURES)('decodes %s as the whole-message decode does', async (path) => {
    const bytes = new Uint8Array(readFileSync(path));
    expect(asObject(await decodeInSlices('tensorflow.SavedModel', bytes, new TimeSlice(0)))).toEqual(asObject(type.decode(bytes)));
  });
});

describe('decodeInSlices without the GraphDef', () => {
  it.each(FIXTURES.slice(0, 8))('leaves graph_def of %s empty and decodes the rest as the whole decode does', async (path) => {
    const bytes = new Uint8Array(readFileSync(path));
    const skipped = asObject(await decodeInSlices('tensorflow.SavedModel', bytes, new TimeSlice(0), new Set(['tensorflow.MetaGraphDef.graph_def']))) as { meta_graphs: { graph_def?: object }[] };
    const whole = asObject(type.decode(bytes)) as { meta_graphs: { graph_def?: object }[] };
    expect(whole.meta_graphs[0].graph_def).not.toEqual({});
    for (const g of [...skipped.meta_graphs, ...whole.meta_graphs]) g.graph_def = {};
    expect(skipped).toEqual(whole);
  });
});
