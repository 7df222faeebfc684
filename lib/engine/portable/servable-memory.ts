// What a portable servable's memoryBytes() counts (STYLE.md §1: an upper bound that never grows).
import type { SavedModel } from '../../savedmodel/index.ts';
import type { HostTensor } from '../../tensor/index.ts';
import type { ArtifactContents } from './serving-artifact.ts';

/** Bytes a host tensor's values occupy (strings: their bytes). */
export function hostBytes(t: HostTensor): number {
  return Array.isArray(t.data) ? t.data.reduce((n, b) => n + b.length, 0) : (t.data as ArrayBufferView).byteLength;
}

/**
 * memoryBytes() of a lazy servable while signatures may still be converted: the SavedModel's files it holds, plus,
 * per signature, the files again (a converted graph's weights come from the checkpoint and the graph's constants).
 */
export function lazyBound(model: SavedModel, signatures: number): number {
  const files = model.files.paths().reduce((n, p) => n + (model.files.get(p)?.byteLength ?? 0), 0);
  return files * (1 + signatures);
}

/** memoryBytes() of a lazy servable over an artifact: the decoded weights it holds, and each graph's tensors again. */
export function artifactBound(contents: ArtifactContents): number {
  let weights = 0;
  for (const g of contents.graphs) for (const w of g.graph.weights.values()) weights += hostBytes(w);
  return 2 * weights;
}
