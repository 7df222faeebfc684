// Every op-sweep case (TensorFlow 2.21 vectors) on the wasm backend.
import { defineOpSweepSuite } from './op-sweep-suite.ts';

defineOpSweepSuite('wasm');
