// The serving artifact against the SavedModel on the wasm backend (serving-artifact.ts).
import { defineArtifactSuites } from './serving-artifact.ts';

defineArtifactSuites('wasm');
