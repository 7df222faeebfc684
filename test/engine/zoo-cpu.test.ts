// The engine-coverage zoo on the cpu backend (zoo.ts).
import { defineZooSuites } from './zoo.ts';

defineZooSuites('cpu');
