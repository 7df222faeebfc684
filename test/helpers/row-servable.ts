// A fake Servable whose signature works row by row, for batching tests: `serving_default` maps x [-1, 2]
// float32 to y = 2x + 1 (per row) and `total` (declared [-1], returned as a scalar: no batch dimension; only when
// asked for by name, all outputs means y here). A NaN in x
// fails the run like a kernel would. Runs can be held at a gate to let requests pile up, and every run is recorded.
import { ServingError } from '../../lib/errors/index.ts';
import type { HostTensor, Servable, SignatureStatus } from '../../lib/engine/index.ts';
import type { SignatureInfo } from '../../lib/savedmodel/index.ts';

const signatureFor = (xShape: number[]): SignatureInfo => ({
  key: 'serving_default',
  methodName: 'tensorflow/serving/predict',
  inputs: { x: { name: 'x:0', dtype: 'DT_FLOAT', shape: xShape } },
  outputs: { y: { name: 'y:0', dtype: 'DT_FLOAT', shape: xShape }, total: { name: 'total:0', dtype: 'DT_FLOAT', shape: [-1] } },
});

export const rowTensor = (...rows: number[][]): HostTensor => ({ dtype: 'DT_FLOAT', shape: [rows.length, rows[0]?.length ?? 2], data: Float32Array.from(rows.flat()) });

export class RowServable implements Servable {
  readonly engine = 'portable' as const;
  /** Inputs of every run, in order. */
  readonly runs: HostTensor[] = [];
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;
  private readonly sig: SignatureInfo;

  /** @param xShape the declared shape of x (and y); default [-1, 2]. */
  constructor(xShape: number[] = [-1, 2]) {
    this.sig = signatureFor(xShape);
  }

  /** Holds every run until release(). */
  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
    this.gate = undefined;
  }

  signatures(): SignatureInfo[] {
    return [this.sig];
  }

  signatureStatus(): SignatureStatus[] {
    return [{ key: this.sig.key, available: true }];
  }

  signature(): SignatureInfo {
    return this.sig;
  }

  async run(_key: string, inputs: Map<string, HostTensor>, outputs?: readonly string[]): Promise<Map<string, HostTensor>> {
    const x = inputs.get('x')!;
    this.runs.push(x);
    await this.gate;
    const data = x.data as Float32Array;
    if (data.some(Number.isNaN)) throw new ServingError('INVALID_ARGUMENT', 'NaN in x');
    const all = new Map<string, HostTensor>([
      ['y', { dtype: 'DT_FLOAT', shape: [...x.shape], data: data.map((v) => 2 * v + 1) }],
      ['total', { dtype: 'DT_FLOAT', shape: [], data: Float32Array.of(data.reduce((a, b) => a + b, 0)) }],
    ]);
    return new Map([...all].filter(([k]) => (outputs ?? ['y']).includes(k)));
  }

  memoryBytes(): number {
    return 0;
  }

  dispose(): void {}
}
