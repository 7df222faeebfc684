// SIGTERM/SIGINT for a long-running command: the first one asks for a graceful stop (the promise resolves
// with its name), a second one exits at once (a stuck drain never keeps a process manager waiting for SIGKILL).
// Installed before anything is bound or loaded, so a signal at any moment ends the process.

export interface ShutdownSignal {
  /** Resolves with 'SIGTERM' or 'SIGINT' on the first signal. */
  readonly received: Promise<string>;
  /** Removes the listeners (the process's default handling comes back). */
  dispose(): void;
}

export interface ShutdownSignalOptions {
  /** Another trigger (a server worker: the primary's shutdown message); it counts as the first signal. */
  also?: Promise<string>;
  /**
   * What a second signal does: 'exit' at once (default), or 'ignore' (a server worker: the terminal's Ctrl-C
   * reaches the whole process group, and the primary forces the workers itself on a second one).
   */
  repeat?: 'exit' | 'ignore';
  /**
   * A repeat within this many ms counts as the same signal, in ms; default 0. The server workers' primary: `timeout`
   * and `kill -- -PGID` deliver one SIGTERM to the process and again to its group, which would force it.
   */
  sameWithinMs?: number;
}

export function onShutdownSignal(log: (line: string) => void, exit: (code: number) => void = (code) => process.exit(code), options: ShutdownSignalOptions = {}): ShutdownSignal {
  let first: string | undefined;
  let firstAt = 0;
  let resolve!: (name: string) => void;
  const received = new Promise<string>((r) => (resolve = r));
  const handler = (name: string) => {
    if (first === undefined) {
      first = name;
      firstAt = performance.now();
      resolve(name);
      return;
    }
    if (options.repeat === 'ignore' || performance.now() - firstAt < (options.sameWithinMs ?? 0)) return;
    log(`${name} again: exiting now without waiting for in-flight requests`);
    exit(1);
  };
  void options.also?.then(handler);
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return {
    received,
    dispose: () => {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
    },
  };
}
