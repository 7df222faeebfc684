// The v1 control-flow executor suites on the cpu backend (v1-executor.ts).
import { defineV1ExecutorSuites } from './v1-executor.ts';

defineV1ExecutorSuites('cpu');
