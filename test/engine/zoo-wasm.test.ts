// The engine-coverage zoo on the wasm backend (zoo.ts).
import { defineZooSuites } from './zoo.ts';

defineZooSuites('wasm');
