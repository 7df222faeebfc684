// The op sweep on one backend (op-sweep-wasm.test.ts, op-sweep-cpu.test.ts): every case of
// test/fixtures/op-sweep must pass or be refused at load; a wrong number, or an answer where TensorFlow
// fails, fails the test (op-sweep-runner.ts has the rules; docs/op-sweep.md the counts).
import { beforeAll, describe, expect, it } from 'vitest';
import { type BackendName, ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { caseLabel, loadSweep, runSweepCase } from './op-sweep-runner.ts';

export function defineOpSweepSuite(backend: BackendName): void {
  const groups = loadSweep();
  beforeAll(async () => {
    expect(await ensureBackend(backend)).toBe(backend);
  });
  const only = process.env.OP_SWEEP_GROUP;
  for (const [group, cases] of groups) {
    if (only && only !== group) continue;
    describe(`op sweep ${group} (${backend})`, () => {
      it.each(cases.map((c, i) => [caseLabel(c, i), i] as const))('%s', async (_label, i) => {
        const v = await runSweepCase(cases[i], backend);
        expect(v.kind === 'fail' ? v.detail : 'ok').toBe('ok');
      });
    });
  }
}
