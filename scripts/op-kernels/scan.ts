// Which TensorFlow.js kernels each TensorFlow op mapped by tfjs-converter needs, read from the installed
// packages' JavaScript (static scan; nothing is executed):
//   1. tfjs-converter's op lists (dist/operations/op_list/*.js) give every TF op name it maps;
//   2. its executors (dist/operations/executors/*_executor.js) give, per `case 'Op':`, the tfjs-core op
//      functions the case calls (`ops.matMul(…)`, `ops.image.resizeBilinear(…)`);
//   3. each tfjs-core op function's file (dist/ops/…) gives the kernels it passes to `ENGINE.runKernel`, and,
//      transitively, the kernels of the other op functions it imports and calls.
// Over-approximates (a kernel behind a branch counts), except kernels listed in DTYPE_ONLY below.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Kernels an op function dispatches to only for a dtype the portable engine never serves (complex64). */
const DTYPE_ONLY = new Set(['ComplexAbs']);
/**
 * Kernels that op functions reach through another op only on their complex64 branch (`transpose`, `zeros`,
 * `bandPart` call `real`/`imag`/`complex` when x is complex64): counted only where the executor calls them directly.
 */
const COMPLEX_BRANCH = new Set(['Complex', 'Real', 'Imag']);
/** Kernels reached only from the gradients of fused convolutions (customGrad in ops/fused/*.js): never run for inference. */
const GRADIENT_ONLY = new Set(['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput']);

const read = (file: string) => readFileSync(file, 'utf8').replace(/\/\/# sourceMappingURL=.*$/m, '');

function jsFile(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  for (const f of [`${base}.js`, join(base, 'index.js')]) if (existsSync(f)) return f;
  return undefined;
}

/** name → [file, exported name] for the relative imports and re-exports of a module. */
function importsOf(file: string): Map<string, [string, string]> {
  const out = new Map<string, [string, string]>();
  const src = read(file);
  for (const m of src.matchAll(/(?:import|export)\s*\{([^}]*)\}\s*from\s*'(\.[^']*)'/g)) {
    const target = jsFile(file, m[2]);
    if (!target) continue;
    for (const part of m[1].split(',').map((s) => s.trim()).filter(Boolean)) {
      const [orig, alias] = part.split(/\s+as\s+/);
      out.set((alias ?? orig).trim(), [target, orig.trim()]);
    }
  }
  for (const m of src.matchAll(/import\s*\*\s*as\s+(\w+)\s+from\s*'(\.[^']*)'/g)) {
    const target = jsFile(file, m[2]);
    if (target) out.set(m[1], [target, '*']);
  }
  return out;
}

/** The file that defines `name` as seen from module `file` (following re-exports and `export *`). */
function defining(file: string, name: string, seen = new Set<string>()): string | undefined {
  if (seen.has(`${file}#${name}`)) return undefined;
  seen.add(`${file}#${name}`);
  const src = read(file);
  if (new RegExp(`export (?:const|function|class) ${name}\\b`).test(src)) return file;
  const imp = importsOf(file).get(name);
  if (imp) return imp[1] === '*' ? imp[0] : defining(imp[0], imp[1], seen);
  if (new RegExp(`export \\{[^}]*\\b${name}\\b[^}]*\\};`).test(src)) return file;
  for (const m of src.matchAll(/export\s*\*\s*from\s*'(\.[^']*)'/g)) {
    const target = jsFile(file, m[1]);
    const hit = target && defining(target, name, seen);
    if (hit) return hit;
  }
  return undefined;
}

/** The file of an executor's `ops.a` or `ops.ns.b` call, resolved from tfjs-core's ops.js. */
function opFile(opsJs: string, path: string): string | undefined {
  const [first, member] = path.split('.');
  if (!member) return defining(opsJs, first);
  const src = read(opsJs);
  const ns = importsOf(opsJs).get(first);
  if (ns?.[1] === '*') return defining(ns[0], member);
  // `const linalg = { bandPart, … }` over named imports of ops.js
  if (new RegExp(`const ${first} = \\{[^}]*\\b${member}\\b`).test(src)) return defining(opsJs, member);
  return undefined;
}

/** The kernels an op file passes to runKernel itself. */
function directKernels(file: string): Set<string> {
  const imports = importsOf(file);
  const kernels = new Set<string>();
  for (const m of read(file).matchAll(/runKernel\(\s*'?(\w+)/g)) {
    const imp = imports.get(m[1]);
    const name = imp && imp[0].endsWith('kernel_names.js') ? imp[1] : m[1];
    if (!DTYPE_ONLY.has(name)) kernels.add(name);
  }
  return kernels;
}

/** Kernels reached from one op file: its own runKernel names, then the op files it imports and calls. */
function kernelsOf(file: string, opsDir: string, memo: Map<string, Set<string>>, stack = new Set<string>()): Set<string> {
  const cached = memo.get(file);
  if (cached) return cached;
  if (stack.has(file)) return new Set();
  stack.add(file);
  const src = read(file);
  const kernels = directKernels(file);
  const imports = importsOf(file);
  for (const [local, [target]] of imports) {
    if (!target.startsWith(opsDir) || target.endsWith('kernel_names.js')) continue;
    if (!new RegExp(`\\b${local}\\s*\\(`).test(src)) continue;
    for (const k of kernelsOf(target, opsDir, memo, stack)) kernels.add(k);
  }
  stack.delete(file);
  memo.set(file, kernels);
  return kernels;
}

/** `case 'A': case 'B': body` groups of one executor file → the `ops.x(` calls of each op's body. */
function executorCalls(file: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  let labels: string[] = [];
  let inBody = false;
  for (const line of read(file).split('\n')) {
    const c = /^\s*case '(\w+)':/.exec(line);
    if (c) {
      if (inBody) labels = [];
      inBody = false;
      labels.push(c[1]);
      for (const l of labels) if (!out.has(l)) out.set(l, new Set());
      continue;
    }
    if (/^\s*default:/.test(line)) {
      labels = [];
      continue;
    }
    if (labels.length === 0 || line.trim() === '') continue;
    inBody = true;
    for (const m of line.matchAll(/\b(?:ops|tfOps)\.(\w+(?:\.\w+)?)\(/g)) for (const l of labels) out.get(l)!.add(m[1]);
  }
  return out;
}

/** TF op name → sorted kernel names, for every op tfjs-converter maps. */
export function scanOpKernels(nodeModules: string): Record<string, string[]> {
  const converter = join(nodeModules, '@tensorflow/tfjs-converter/dist/operations');
  const opsDir = join(nodeModules, '@tensorflow/tfjs-core/dist/ops');
  const opsJs = join(opsDir, 'ops.js');
  const tfOps = new Set<string>();
  for (const f of readdirSync(join(converter, 'op_list')).filter((f) => f.endsWith('.js'))) {
    for (const m of read(join(converter, 'op_list', f)).matchAll(/'tfOpName':\s*'(\w+)'|"tfOpName":\s*"(\w+)"/g)) tfOps.add(m[1] ?? m[2]);
  }
  const calls = new Map<string, Set<string>>();
  for (const f of readdirSync(join(converter, 'executors')).filter((f) => f.endsWith('_executor.js'))) {
    for (const [op, set] of executorCalls(join(converter, 'executors', f))) {
      const all = calls.get(op) ?? new Set<string>();
      for (const s of set) all.add(s);
      calls.set(op, all);
    }
  }
  const memo = new Map<string, Set<string>>();
  const table: Record<string, string[]> = {};
  for (const op of [...tfOps].sort()) {
    const kernels = new Set<string>();
    for (const call of calls.get(op) ?? []) {
      const file = opFile(opsJs, call);
      if (!file) throw new Error(`tfjs-converter op '${op}' calls ops.${call}, which tfjs-core's ops.js does not define`);
      for (const k of directKernels(file)) kernels.add(k);
      for (const k of kernelsOf(file, opsDir, memo)) if (!COMPLEX_BRANCH.has(k) && !GRADIENT_ONLY.has(k)) kernels.add(k);
    }
    table[op] = [...kernels].sort();
  }
  return table;
}
