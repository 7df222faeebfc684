import { runtimeAllocationSuite } from './runtime-allocation.ts';

runtimeAllocationSuite('cpu');
