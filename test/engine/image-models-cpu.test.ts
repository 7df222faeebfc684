// Image-bytes models answering bad pictures on the cpu backend (image-models.ts).
import { defineImageModelSuites } from './image-models.ts';

defineImageModelSuites('cpu');
