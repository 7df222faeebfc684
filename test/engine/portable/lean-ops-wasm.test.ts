// lean-ops.ts adapters on the wasm backend.
import { defineLeanOpsSuite } from './lean-ops.ts';

defineLeanOpsSuite('wasm');
