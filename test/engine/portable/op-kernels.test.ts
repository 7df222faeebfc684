// The op → kernel table and docs/supported-ops.md are generated (scripts/op-kernels/): they must match what the
// installed tfjs packages and the project's ops say now, and the table must see the facts it exists for.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OP_KERNELS_FILE, renderOpKernelsModule, SUPPORTED_OPS_FILE } from '../../../scripts/op-kernels/generate.ts';
import { scanOpKernels } from '../../../scripts/op-kernels/scan.ts';
import { renderSupportedOps } from '../../../scripts/op-kernels/supported-ops.ts';
import { opSupport } from '../../../lib/engine/portable/kernel-check.ts';
import { OP_KERNELS } from '../../../lib/engine/portable/op-kernels.ts';
import { REPO_ROOT } from '../../helpers/fixtures.ts';
import { join } from 'node:path';

describe('generated op tables', () => {
  it('lib/engine/portable/op-kernels.ts is what the installed tfjs packages give (else: npm run gen:ops)', () => {
    expect(readFileSync(OP_KERNELS_FILE, 'utf8')).toBe(renderOpKernelsModule(scanOpKernels(join(REPO_ROOT, 'node_modules'))));
  });

  it('docs/supported-ops.md is rendered from the table and the project ops (else: npm run gen:ops)', async () => {
    expect(readFileSync(SUPPORTED_OPS_FILE, 'utf8')).toBe(await renderSupportedOps());
  });
});

describe('the op → kernel table', () => {
  it.each([
    ['MatMul', ['BatchMatMul']],
    ['Einsum', ['Einsum']],
    ['StaticRegexReplace', ['StaticRegexReplace']],
    ['Abs', ['Abs']], // not ComplexAbs: only for complex64 inputs
  ])('%s needs %j', (op, kernels) => {
    expect(OP_KERNELS[op]).toEqual(kernels);
  });

  it('leaves out kernels reached only on a complex64 branch or from gradients', () => {
    expect(OP_KERNELS.Transpose).toContain('Transpose');
    for (const op of ['Transpose', 'Zeros', 'MatrixBandPart']) expect(OP_KERNELS[op]).not.toEqual(expect.arrayContaining(['Complex']));
    expect(OP_KERNELS._FusedConv2D).toContain('FusedConv2D');
    expect(OP_KERNELS._FusedConv2D).not.toContain('Conv2DBackpropFilter');
  });

  it('knows which backend lacks a kernel', () => {
    expect(opSupport('RFFT', 'cpu')).toEqual({ ok: true, by: 'project' }); // ours (fft.ts), on tfjs's FFT kernel
    // tfjs has Einsum on cpu only; the project's own Einsum (lowered to MatMul & co.) runs on every backend
    expect(opSupport('Einsum', 'wasm')).toEqual({ ok: true, by: 'project' });
    expect(opSupport('RFFT', 'wasm')).toEqual({ ok: false, reason: "TensorFlow.js kernel 'FFT' is not registered for backend 'wasm'" });
    expect(opSupport('Lgamma', 'cpu')).toEqual({ ok: false, reason: 'no TensorFlow.js mapper and no project op' });
    expect(opSupport('ParseExampleV2', 'wasm')).toEqual({ ok: true, by: 'project' });
  });
});
