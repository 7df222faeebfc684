// Image-bytes models answering bad pictures on the wasm backend (image-models.ts).
import { defineImageModelSuites } from './image-models.ts';

defineImageModelSuites('wasm');
