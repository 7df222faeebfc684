import { runtimeAllocationSuite } from './runtime-allocation.ts';

runtimeAllocationSuite('wasm');
