// A Servable decorator that records every run (signature, inputs, outputs) and forwards to a real servable,
// so a test can show that something really ran the model and what it answered.
import type { Servable, SignatureStatus } from '../../lib/engine/index.ts';
import type { HostTensor } from '../../lib/engine/index.ts';
import type { SignatureInfo } from '../../lib/savedmodel/index.ts';

export interface RecordedRun {
  signature: string;
  inputs: Map<string, HostTensor>;
  outputs: Map<string, HostTensor>;
}

export class CountingServable implements Servable {
  /** Every successful run, in order. */
  readonly runs: RecordedRun[] = [];

  constructor(private readonly inner: Servable) {}

  get engine() {
    return this.inner.engine;
  }

  /** How many runs succeeded, of one signature or of all. */
  count(signature?: string): number {
    return signature === undefined ? this.runs.length : this.runs.filter((r) => r.signature === signature).length;
  }

  signatures(): SignatureInfo[] {
    return this.inner.signatures();
  }

  signature(key: string): SignatureInfo {
    return this.inner.signature(key);
  }

  signatureStatus(): SignatureStatus[] {
    return this.inner.signatureStatus();
  }

  async run(key: string, inputs: Map<string, HostTensor>, outputs?: readonly string[]): Promise<Map<string, HostTensor>> {
    const result = await this.inner.run(key, inputs, outputs);
    this.runs.push({ signature: key, inputs: new Map(inputs), outputs: result });
    return result;
  }

  memoryBytes(): number {
    return this.inner.memoryBytes();
  }

  dispose(): void {
    this.inner.dispose();
  }
}
