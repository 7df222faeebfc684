// The string op vectors on the wasm backend (string-op-vectors-suite.ts).
import { defineVectorSuite } from './string-op-vectors-suite.ts';

defineVectorSuite('wasm');
