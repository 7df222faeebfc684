// vitest globalSetup: one moto_server (an S3-protocol server, Python `moto[server]`) per test run on a
// free loopback port (STYLE.md §13). Ready when a real S3 call (ListBuckets) succeeds; tests get the
// endpoint with inject('s3Endpoint'); teardown stops the process.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** e.g. http://127.0.0.1:40123 */
    s3Endpoint: string;
  }
}

const READY_DEADLINE_MS = 30_000;
const POLL_INTERVAL_MS = 50;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  // moto logs every request on stderr: keep reading it (a full pipe would block the server), keep the tail.
  let stderrTail = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-4000);
  });
  const exited = new Promise<Error>((resolve) => {
    child.once('error', (e: NodeJS.ErrnoException) => {
      resolve(e.code === 'ENOENT'
        ? new Error("moto_server not found on PATH: S3 tests need it. Install it with: pip install 'moto[server]'")
        : new Error(`moto_server failed to start: ${e.message}`));
    });
    child.once('exit', (code, signal) => resolve(new Error(`moto_server exited early (code ${code}, signal ${signal}):\n${stderrTail}`)));
  });
  const polling = new AbortController();
  try {
    await Promise.race([waitUntilReady(endpoint, polling.signal), exited.then((e) => Promise.reject(e))]);
  } catch (e) {
    await stop(child);
    throw e;
  } finally {
    polling.abort(); // stops the poll loop when the process died first
  }
  project.provide('s3Endpoint', endpoint);
  return () => stop(child);
}

/** A port the OS says is free now (listen on 0, read it, close). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (!address || typeof address === 'string') throw new Error('could not get a free port');
  return address.port;
}

/** Polls ListBuckets until it succeeds, the deadline passes or `signal` aborts. */
async function waitUntilReady(endpoint: string, signal: AbortSignal): Promise<void> {
  const client = new S3Client({
    endpoint, forcePathStyle: true, region: 'us-east-1', maxAttempts: 1,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const deadline = Date.now() + READY_DEADLINE_MS;
  let lastError: unknown;
  try {
    while (Date.now() < deadline && !signal.aborted) {
      try {
        await client.send(new ListBucketsCommand({}));
        return;
      } catch (e) {
        lastError = e;
        await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
      }
    }
  } finally {
    client.destroy();
  }
  throw new Error(`moto_server at ${endpoint} did not answer ListBuckets within ${READY_DEADLINE_MS} ms: ${(lastError as Error)?.message}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exit = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exit;
  clearTimeout(timer);
}
