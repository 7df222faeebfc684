// The entry of every worker thread of lib/io/worker-pool.ts. The sources are TypeScript: tsx compiles them in
// this thread too (hooks registered in the main thread do not reach workers on Node 20). The job module named
// by workerData exports `handleJob(job) → { value, transfer? }`; failures go back as { code?, message, stack }.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { handleJob } = await import(workerData.module);
parentPort.on('message', async ({ id, job }) => {
  try {
    const { value, transfer } = await handleJob(job);
    parentPort.postMessage({ id, value }, transfer ?? []);
  } catch (e) {
    const error = e instanceof Error ? { name: e.name, code: e.code, message: e.message, stack: e.stack } : { message: String(e) };
    parentPort.postMessage({ id, error });
  }
});
parentPort.postMessage({ ready: true });
