// The bytes of request bodies held at once by one server (issue 10: 16 parallel 30 MB bodies took RSS from
// 0.8 to 2.2 GB; the per-request limit bounds one body, this bounds their sum). A body reserves its bytes as
// they arrive and releases them when its answer is sent; one that does not fit is refused (429).
export class BodyBudget {
  private used = 0;

  constructor(readonly limit: number) {}

  /** Bytes reserved now. */
  get inFlight(): number {
    return this.used;
  }

  /** Reserves `bytes`; false (nothing reserved) when that would pass the limit. */
  tryReserve(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}
