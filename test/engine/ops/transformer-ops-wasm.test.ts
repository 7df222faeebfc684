// Erf, Erfc, Einsum, BatchMatMulV2 and GELU compositions against TensorFlow's vectors on the wasm backend.
import { defineTransformerVectorSuite } from './transformer-vectors.ts';

defineTransformerVectorSuite('wasm');
