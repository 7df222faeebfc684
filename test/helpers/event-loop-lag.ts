// Measures how long the event loop stays blocked while `work` runs: a 10 ms timer notes the worst gap beyond
// its period (what a /healthz probe would wait). Real timers: this is what the test is about.
export async function worstTimerLag<T>(work: () => Promise<T>, periodMs = 10): Promise<{ result: T; worstMs: number }> {
  let worstMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worstMs = Math.max(worstMs, now - last - periodMs);
    last = now;
  }, periodMs);
  try {
    const result = await work();
    // Work that never gave the timers a turn (only microtasks between its steps) shows up here.
    worstMs = Math.max(worstMs, performance.now() - last - periodMs);
    return { result, worstMs };
  } finally {
    clearInterval(timer);
  }
}
