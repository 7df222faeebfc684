// The lean executor on the wasm backend (lean-executor.ts).
import { defineLeanSuite } from './lean-executor.ts';

defineLeanSuite('wasm');
