// Ranks 0..8 on the cpu backend: all computed (rank-limits.ts).
import { defineRankSuite } from './rank-limits.ts';

defineRankSuite('cpu', 8);
