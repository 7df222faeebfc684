import { ensureBackend, type BackendName } from '/work/wt/sweepa/lib/engine/portable/backend.ts';
import { caseLabel, loadSweep, runSweepCase } from '/work/wt/sweepa/test/engine/ops/op-sweep-runner.ts';
const backend = process.argv[2] as BackendName; const group = process.argv[3]; const kinds = (process.argv[4] ?? 'refused,error').split(',');
await ensureBackend(backend);
const cases = loadSweep().get(group)!;
const reasons = new Map<string, string[]>();
for (let i = 0; i < cases.length; i++) {
  const v = await runSweepCase(cases[i], backend);
  if (!kinds.includes(v.kind)) continue;
  const key = `${v.kind} ${cases[i].op}: ${v.detail.replace(/signature 'serving_default': /, '').replace(/node '[^']*'/, '').slice(0, 160)}`;
  reasons.set(key, [...(reasons.get(key) ?? []), caseLabel(cases[i], i).slice(0, 70)]);
}
for (const [k, v] of reasons) console.log(`${v.length}x ${k}\n    e.g. ${v[0]}`);
process.exit(0);
