// The wasm backend's Emscripten module re-throws every uncaught exception and unhandled rejection from process
// handlers it adds at init (FORMATS.md pitfall 18); after ensureBackend none of them is left, and an unhandled
// rejection (tfjs's executor leaves some behind when a kernel throws) is logged on one line, not fatal.
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';

beforeAll(async () => {
  expect(await ensureBackend('wasm')).toBe('wasm');
});
afterEach(() => vi.restoreAllMocks());

const sources = (event: 'uncaughtException' | 'unhandledRejection') => process.listeners(event as 'uncaughtException').map(String);

it('leaves none of the wasm module\'s re-throwing process handlers installed', () => {
  for (const src of [...sources('uncaughtException'), ...sources('unhandledRejection')]) {
    expect(src).not.toMatch(/ExitStatus|throw reason/);
  }
});

it('logs an unhandled rejection on one line instead of exiting', async () => {
  const log = vi.spyOn(console, 'error').mockImplementation(() => {});
  const ours = process.listeners('unhandledRejection').find((l) => String(l).includes('failed model run'));
  expect(ours).toBeDefined();
  ours!(new TypeError("Cannot read properties of undefined (reading 'backend')\n    at Engine.moveData"), Promise.resolve());
  expect(log).toHaveBeenCalledTimes(1);
  expect(log.mock.calls[0][0]).toBe("tf-serverless: unhandled rejection (left behind by a failed model run): TypeError: Cannot read properties of undefined (reading 'backend')");
});
