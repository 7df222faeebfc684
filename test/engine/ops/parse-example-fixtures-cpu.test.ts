// The classify/regress goldens end to end on the cpu backend (every case, classify with label tiling included).
import { beforeAll } from 'vitest';
import { ensureBackend } from '../../../lib/engine/portable/backend.ts';
import { defineGoldenSuite } from './parse-example-golden.ts';

beforeAll(async () => {
  await ensureBackend('cpu');
});

defineGoldenSuite('cpu');
