// `tf-serverless serve` as a child process, the way a user runs it: started through the bin script, its
// REST port read from its own "Exporting HTTP/REST API at:HOST:PORT" line, stopped with a signal.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './fixtures.ts';

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startServe(args: string[], options: { readyLine?: RegExp; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/tf-serverless.js'), 'serve', ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not get ready:\n${out}`)), options.timeoutMs ?? 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const port = /Exporting HTTP\/REST API at:[^\s:]+:(\d+)/.exec(out)?.[1];
      if (port && (options.readyLine ?? /(^|\] |"message":")Serving |Not every model/m).test(out)) {
        clearTimeout(timer);
        resolve({
          child,
          url: `http://127.0.0.1:${port}`,
          output: () => out,
          stop: async (signal = 'SIGTERM') => {
            child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`serve exited with ${code}:\n${out}`), { code, output: out }));
    });
  });
}

/** Polls `check` until it returns true or the deadline passes (for changes a server picks up on its own). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
