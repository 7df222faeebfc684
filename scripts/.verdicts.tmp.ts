import { ensureBackend } from '/work/wt/sweepb/lib/engine/portable/backend.ts';
import { caseLabel, loadSweep, runSweepCase } from '/work/wt/sweepb/test/engine/ops/op-sweep-runner.ts';
const [backend, group, pat] = process.argv.slice(2);
await ensureBackend(backend as 'wasm');
const cases = loadSweep().get(group)!;
for (let i = 0; i < cases.length; i++) {
  const l = caseLabel(cases[i], i);
  if (pat && !new RegExp(pat).test(l)) continue;
  const v = await runSweepCase(cases[i], backend as 'wasm');
  console.log(v.kind.padEnd(8), l.slice(0, 120), '|', v.detail.slice(0, 200));
}
process.exit(0);
