// int64 / float64 exact end to end on the cpu backend (the fallback when wasm cannot start).
import { defineInt64Suites } from './int64-suite.ts';

defineInt64Suites('cpu');
