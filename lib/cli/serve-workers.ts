// `serve --workers=N` (N > 1), the primary process: checks the configuration once (a mistake is one line, not
// one per worker), then runs the server workers (lib/server server-workers.ts), each of which is `serve` again
// with the same flags. The first SIGTERM/SIGINT drains every worker; a second one kills them at once.
import { type ServerLog, runServerWorkers, type ServerWorkers } from '../server/index.ts';
import type { ServeFlags } from './server-flags.ts';
import { onShutdownSignal } from './shutdown-signal.ts';
import { AlreadyReported } from './user-errors.ts';

/** `check` validates the flags and config files (serve.ts's checkedConfig) before any worker starts. */
export async function serveWithWorkers(count: number, f: ServeFlags, ignored: string[], log: ServerLog, check: () => Promise<unknown>): Promise<string> {
  let workers: ServerWorkers | undefined;
  const signal = onShutdownSignal((line) => log(line, 'warning'), (code) => {
    workers?.kill();
    process.exit(code);
  }, { sameWithinMs: 1000 });
  try {
    if (ignored.length) log(`ignoring TF Serving flags with no effect here: ${ignored.map((n) => `--${n}`).join(' ')}`, 'warning');
    await check();
    log(`Starting ${count} server workers on the same ports (each loads every model)`);
    // A worker drains for up to --shutdown_grace_seconds, then unloads; past twice that it is killed.
    workers = runServerWorkers({ count, log, socketPath: f.grpc_socket_path || undefined, shutdown: signal.received, stopTimeoutMs: 2 * f.shutdown_grace_seconds * 1000 + 5000 });
    const code = await workers.done;
    if (code !== 0) throw new AlreadyReported(code);
    return 'stopped';
  } finally {
    signal.dispose();
  }
}
