// Loop-family checks on the cpu backend (loop-models.ts).
import { defineLoopModelSuites } from './loop-models.ts';

defineLoopModelSuites('cpu');
