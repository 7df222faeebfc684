// Control flow v2 end to end through the portable engine: every golden case of control_flow_v2_model (While
// and If functions that read variables; tf.function calls inside a While body) run by TensorFlow.js from the
// library, with no tensor leaked; an If whose branch returns its argument unchanged, with no tfjs warning; and
// an op tfjs lacks inside a branch refused at load.
// Defined once, run on each backend (control-flow-models.test.ts: wasm, control-flow-models-cpu.test.ts: cpu).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { JsonObject, parseJson } from '../../lib/api/json/json-parse.ts';
import { runOnServable } from '../../lib/api/rest/run-inference.ts';
import { type BackendName, ensureBackend } from '../../lib/engine/portable/backend.ts';
import { PortableServable } from '../../lib/engine/portable/portable-servable.ts';
import type { HostTensor } from '../../lib/tensor/host-tensor.ts';
import { isServingError } from '../../lib/errors/index.ts';
import { SavedModel } from '../../lib/savedmodel/index.ts';
import { diffJson } from '../api/golden-cases.ts';
import { type GoldenCase, LOCAL_FIXTURES } from '../helpers/fixtures.ts';
import { placeholder, tinyModel } from '../helpers/tiny-graph-model.ts';

const MODEL = 'control_flow_v2_model';
const goldenText = readFileSync(join(LOCAL_FIXTURES, `${MODEL}.golden.json`), 'utf8');
const cases: GoldenCase[] = JSON.parse(goldenText).cases;
const responses = (parseJson(goldenText) as JsonObject).get('cases') as JsonObject[];

/** x → If(c, 2x): the then branch returns its argument as it is, the else branch applies `elseOp` to it. */
function passThroughIf(elseOp = 'Neg'): SavedModel {
  const sig = (name: string) => `signature { name: "${name}" input_arg { name: "a" type: DT_FLOAT } output_arg { name: "out" type: DT_FLOAT } }`;
  const lib = `function { ${sig('then_fn')} ret { key: "out" value: "a" } }
    function { ${sig('else_fn')} node_def { name: "neg" op: "${elseOp}" input: "a" attr { key: "T" value { type: DT_FLOAT } } } ret { key: "out" value: "neg:y:0" } }`;
  const branches = { then_branch: 'func { name: "then_fn" }', else_branch: 'func { name: "else_fn" }' };
  return tinyModel([
    placeholder('x', 'DT_FLOAT'), placeholder('c', 'DT_BOOL'),
    { name: 'two', op: 'Const', attr: { dtype: 'type: DT_FLOAT', value: 'tensor { dtype: DT_FLOAT tensor_shape { } float_val: 2 }' } },
    { name: 'y', op: 'Mul', input: ['x', 'two'], attr: { T: 'type: DT_FLOAT' } },
    { name: 'z', op: 'If', input: ['c', 'y'], attr: { Tcond: 'type: DT_BOOL', Tin: 'list { type: DT_FLOAT }', Tout: 'list { type: DT_FLOAT }', ...branches } },
  ], { x: ['x:0', 'DT_FLOAT'], c: ['c:0', 'DT_BOOL'] }, { z: ['z:0', 'DT_FLOAT'] }, '', lib);
}

/** The suites on one backend (the first ensureBackend call in the process picks it). */
export function defineControlFlowSuites(backend: BackendName): void {
  beforeAll(async () => {
    expect(await ensureBackend(backend)).toBe(backend);
  });

  describe(`${MODEL} through the portable engine (${backend})`, () => {
    let servable: PortableServable;
    beforeAll(async () => {
      servable = await PortableServable.load(await SavedModel.fromDir(join(LOCAL_FIXTURES, MODEL, '1')));
    });
    afterAll(() => servable?.dispose());

    it.each(cases.map((c, i) => [`#${i}: ${c.note ?? ''}`.slice(0, 100), i] as const))('answers %s like TensorFlow', async (_, i) => {
      const c = cases[i];
      const before = tf.memory().numTensors;
      const got = parseJson(await runOnServable(servable, c.method, c.request_body));
      expect(diffJson(got, responses[i].get('response')!, c.atol, c.rtol)).toBeUndefined();
      expect(tf.memory().numTensors).toBe(before);
    });

    it('returns to the same tensor count after many requests, long loops included', async () => {
      const long = '{"signature_name":"while_sum","inputs":{"x":[1,2,3],"n":200}}';
      expect(await runOnServable(servable, 'predict', long)).toBe('{"outputs":[300.0,600.0,900.0]}');
      const before = tf.memory().numTensors;
      for (let i = 0; i < 30; i++) await runOnServable(servable, cases[i % cases.length].method, cases[i % cases.length].request_body);
      await runOnServable(servable, 'predict', long);
      expect(tf.memory().numTensors).toBe(before);
    });
  });

  describe(`an If with functions written by hand (${backend})`, () => {
    it('answers from either branch without a tfjs warning or a leak', async () => {
      const warn = vi.spyOn(console, 'warn');
      const s = await PortableServable.load(passThroughIf());
      try {
        const before = tf.memory().numTensors;
        const x: HostTensor = { dtype: 'DT_FLOAT', shape: [2], data: new Float32Array([1, 2]) };
        const run = async (c: boolean) => {
          const cond: HostTensor = { dtype: 'DT_BOOL', shape: [], data: new Uint8Array([c ? 1 : 0]) };
          return Array.from((await s.run('serving_default', new Map([['x', x], ['c', cond]]))).get('z')!.data as Float32Array);
        };
        expect([await run(true), await run(false)]).toEqual([[2, 4], [-2, -4]]);
        expect(tf.memory().numTensors).toBe(before);
        expect(warn).not.toHaveBeenCalled();
      } finally {
        s.dispose();
        warn.mockRestore();
      }
    });

    it('refuses at load an op TensorFlow.js lacks inside a branch, naming function and node', async () => {
      const err = await PortableServable.load(passThroughIf('NoSuchOp')).then((s) => s.dispose(), (e: unknown) => e);
      expect(isServingError(err) && [err.code, err.message]).toEqual([
        'UNIMPLEMENTED',
        `<tiny>: no signature can run on the portable engine (${backend} backend):\n` +
          `signature 'serving_default' cannot run on the portable engine (${backend} backend): op 'NoSuchOp' (node 'else_fn/neg') is not supported by the portable engine: no TensorFlow.js mapper and no project op`,
      ]);
    });
  });
}
