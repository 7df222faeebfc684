// int64 / float64 exact end to end on the default (wasm) backend; int64-exact-cpu.test.ts runs the same on cpu.
import { defineInt64Suites } from './int64-suite.ts';

defineInt64Suites('wasm');
