// The serving artifact against the SavedModel on the cpu backend (serving-artifact.ts).
import { defineArtifactSuites } from './serving-artifact.ts';

defineArtifactSuites('cpu');
