import { defineSliceVectorSuites } from './slice-vectors-cases.ts';

defineSliceVectorSuites('wasm');
