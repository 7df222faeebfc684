// host-ops.ts (the v1 executor's host-side ops) on the cpu backend.
import { defineHostOpSuites } from './host-ops.ts';

defineHostOpSuites('cpu');
