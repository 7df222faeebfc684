import { ensureBackend } from '/work/wt/opsweep/lib/engine/portable/backend.ts';
import { loadSweep, runSweepCase } from '/work/wt/opsweep/test/engine/ops/op-sweep-runner.ts';
const b = (process.env.B as 'cpu') ?? 'cpu';
await ensureBackend(b);
const cases = loadSweep().get(process.env.G ?? 'elementwise')!;
for (const i of process.argv.slice(2).map(Number)) { const c = cases[i]; const v = await runSweepCase(c, b); console.log(i, c.op, c.note, JSON.stringify(c.nodes.at(-1)!.attr), JSON.stringify(c.feeds).slice(0,300), JSON.stringify(c.expected ?? c.error).slice(0, 300), v); }
