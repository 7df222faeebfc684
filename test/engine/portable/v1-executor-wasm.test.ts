// The v1 control-flow executor suites on the wasm backend (v1-executor.ts).
import { defineV1ExecutorSuites } from './v1-executor.ts';

defineV1ExecutorSuites('wasm');
