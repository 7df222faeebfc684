// Loop-family checks on the wasm backend (loop-models.ts).
import { defineLoopModelSuites } from './loop-models.ts';

defineLoopModelSuites('wasm');
