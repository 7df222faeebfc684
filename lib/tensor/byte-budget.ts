// A running count of bytes against a limit, charged *before* the bytes are allocated: one per model load
// (constants + variables) and one per request (its input tensors).
import { type ErrorCode, ServingError } from '../errors/index.ts';

export class ByteBudget {
  private used = 0;

  /** `what` names the limit in messages, e.g. "the model byte limit (--max_model_bytes)". */
  constructor(readonly limit: number, private readonly what: string, private readonly code: ErrorCode = 'RESOURCE_EXHAUSTED') {}

  /** Bytes charged so far. */
  get charged(): number {
    return this.used;
  }

  /** Adds `bytes` (for `where`, e.g. "Const 'big'"), or throws when the total would pass the limit. */
  charge(bytes: number, where: string): void {
    if (!Number.isSafeInteger(bytes) || bytes < 0 || this.used + bytes > this.limit) {
      throw new ServingError(this.code, `${where} needs ${Number.isFinite(bytes) ? bytes : 'more than 2^53'} bytes; with the ${this.used} bytes before it that passes ${this.what} of ${this.limit} bytes`);
    }
    this.used += bytes;
  }
}
