// Ranks 0..8 on the wasm backend: 0..6 computed, 7 and 8 refused (rank-limits.ts).
import { defineRankSuite } from './rank-limits.ts';

defineRankSuite('wasm', 6);
