// string_vocab_model and tf1_builder_multi end to end on the default (wasm) backend (lookup-table-models.ts).
import { defineLookupModelSuites } from './lookup-table-models.ts';

defineLookupModelSuites('wasm');
