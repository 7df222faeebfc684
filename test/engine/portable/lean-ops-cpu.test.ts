// lean-ops.ts adapters on the cpu backend.
import { defineLeanOpsSuite } from './lean-ops.ts';

defineLeanOpsSuite('cpu');
