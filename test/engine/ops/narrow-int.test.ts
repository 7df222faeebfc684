import { defineNarrowIntSuites } from './narrow-int-cases.ts';

defineNarrowIntSuites('wasm');
