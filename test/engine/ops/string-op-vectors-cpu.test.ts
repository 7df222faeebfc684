// The string op vectors on the cpu backend (string-op-vectors-suite.ts).
import { defineVectorSuite } from './string-op-vectors-suite.ts';

defineVectorSuite('cpu');
