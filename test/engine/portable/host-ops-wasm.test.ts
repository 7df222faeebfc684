// host-ops.ts (the v1 executor's host-side ops) on the wasm backend.
import { defineHostOpSuites } from './host-ops.ts';

defineHostOpSuites('wasm');
