// TF_SERVERLESS_TFJS_NODE: the native engine from a directory outside node_modules. Probed in a fresh process each
// (the probe runs once per process): a wrong path makes the engine unavailable with the variable in the reason;
// the built engine (when this run has one) is found through it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/fixtures.ts';

const run = promisify(execFile);
const PROBE = "const e = await import('./lib/engine/index.ts'); console.log(JSON.stringify({ ok: await e.nativeEngineAvailable(), reason: e.nativeEngineUnavailableReason() }));";

async function probe(path: string): Promise<{ ok: boolean; reason: string }> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PROBE], {
    cwd: REPO_ROOT, env: { ...process.env, TF_SERVERLESS_TFJS_NODE: path, TF_CPP_MIN_LOG_LEVEL: '3' },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

describe('TF_SERVERLESS_TFJS_NODE', () => {
  it('names the variable and the path when nothing loads from it', async () => {
    const r = await probe('/nonexistent/tfjs-node');
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/^TF_SERVERLESS_TFJS_NODE=\/nonexistent\/tfjs-node: Cannot find module/);
  }, 60_000);

  it.runIf(process.env.TF_SERVERLESS_TFJS_NODE)('loads the engine from the directory it names', async () => {
    expect(await probe(process.env.TF_SERVERLESS_TFJS_NODE!)).toEqual({ ok: true, reason: '' });
  }, 60_000);
});
