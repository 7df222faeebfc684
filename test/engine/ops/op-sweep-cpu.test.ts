// Every op-sweep case (TensorFlow 2.21 vectors) on the cpu backend.
import { defineOpSweepSuite } from './op-sweep-suite.ts';

defineOpSweepSuite('cpu');
