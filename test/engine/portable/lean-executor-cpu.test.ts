// The lean executor on the cpu backend (lean-executor.ts).
import { defineLeanSuite } from './lean-executor.ts';

defineLeanSuite('cpu');
