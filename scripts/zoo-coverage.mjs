#!/usr/bin/env node
// The engine-coverage table (issue 9): runs the zoo suites (test/engine/zoo-{wasm,cpu}.test.ts, every case of
// every test/fixtures/zoo/<family>/<model>.golden.json computed by TensorFlow 2.21) and counts, per family and
// backend, the cases that pass. Prints a Markdown table; with --write it also replaces the table between the
// <!-- zoo-coverage --> markers in BENCHMARKS.md.
//
//   node scripts/zoo-coverage.mjs [--write]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'zoo-coverage-'));
const report = join(dir, 'report.json');
try {
  execFileSync('npx', ['vitest', 'run', 'test/engine/zoo-wasm.test.ts', 'test/engine/zoo-cpu.test.ts', '--reporter=json', `--outputFile=${report}`], {
    cwd: root, stdio: ['ignore', 'ignore', 'inherit'],
  });
} catch {
  // failing cases are counted below
}
const results = JSON.parse(readFileSync(report, 'utf8')).testResults.flatMap((f) => f.assertionResults);
rmSync(dir, { recursive: true, force: true });

const rows = new Map(); // family → { models:Set, wasm:{pass,total}, cpu:{pass,total} }
for (const r of results) {
  const m = /^(.+?)\/(.+) \((wasm|cpu)\)$/.exec(r.ancestorTitles.at(-1) ?? '');
  if (!m) continue;
  const [, family, model, backend] = m;
  const row = rows.get(family) ?? { models: new Set(), wasm: { pass: 0, total: 0 }, cpu: { pass: 0, total: 0 } };
  row.models.add(model);
  row[backend].total++;
  if (r.status === 'passed') row[backend].pass++;
  rows.set(family, row);
}
const cell = (c) => `${c.pass}/${c.total}`;
const lines = ['| family | models | wasm (cases passed) | cpu (cases passed) |', '|---|---|---|---|'];
const total = { models: 0, wasm: { pass: 0, total: 0 }, cpu: { pass: 0, total: 0 } };
for (const [family, row] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
  lines.push(`| ${family} | ${row.models.size} | ${cell(row.wasm)} | ${cell(row.cpu)} |`);
  total.models += row.models.size;
  for (const b of ['wasm', 'cpu']) for (const k of ['pass', 'total']) total[b][k] += row[b][k];
}
lines.push(`| **all** | ${total.models} | ${cell(total.wasm)} | ${cell(total.cpu)} |`);
const table = lines.join('\n');
console.log(table);

if (process.argv.includes('--write')) {
  const file = join(root, 'BENCHMARKS.md');
  const text = readFileSync(file, 'utf8');
  const stamp = `Measured ${new Date().toISOString().slice(0, 10)} with \`node scripts/zoo-coverage.mjs --write\` (Node ${process.version}).`;
  const block = `<!-- zoo-coverage -->\n${stamp}\n\n${table}\n<!-- /zoo-coverage -->`;
  const re = /<!-- zoo-coverage -->[\s\S]*?<!-- \/zoo-coverage -->/;
  writeFileSync(file, re.test(text) ? text.replace(re, block) : `${text.trimEnd()}\n\n## Engine coverage (the zoo)\n\n${block}\n`);
}
