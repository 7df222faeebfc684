// Where a portable servable's converted graphs come from: a SavedModel, converted on demand (and twin signatures
// found by fingerprint), or a serving artifact (serving-artifact.ts), whose graphs were converted and probed
// when it was made.
import type { TimeSlice } from '../../io/index.ts';
import type { MetaGraph, SavedModel } from '../../savedmodel/index.ts';
import { type ConvertedGraph, convertSignatureSliced } from '../graph/convert.ts';
import { SignatureTwins } from '../graph/signature-twins.ts';
import type { StateScope } from '../graph/state-scope.ts';
import type { ArtifactContents } from './serving-artifact.ts';

export interface GraphSource {
  /** For messages: a path or URL. */
  readonly source: string;
  /** Probe each built graph on made-up inputs (signature-probe.ts); false where that was done already. */
  readonly probe: boolean;
  /** The signature's converted graph, weights included. */
  graph(key: string, state: StateScope, slice: TimeSlice): Promise<ConvertedGraph>;
  /** A signature among `converted` whose graph is the same as `key`'s, if any. */
  twinOf(key: string, converted: Iterable<string>): string | undefined;
}

export class SavedModelGraphs implements GraphSource {
  readonly probe = true;
  private twins: SignatureTwins | undefined;

  constructor(
    readonly model: SavedModel,
    readonly meta: MetaGraph,
    private readonly optimize: boolean | undefined,
  ) {}

  get source(): string {
    return this.model.source;
  }

  graph(key: string, state: StateScope, slice: TimeSlice): Promise<ConvertedGraph> {
    return convertSignatureSliced(this.model, this.meta, key, state, slice, { optimize: this.optimize });
  }

  /** Fingerprints are computed only once a second signature is asked for (a cold start asks for one). */
  twinOf(key: string, converted: Iterable<string>): string | undefined {
    const keys = [...converted];
    if (keys.length === 0) return undefined;
    this.twins ??= new SignatureTwins(this.meta);
    const fingerprint = this.twins.fingerprint(key);
    return fingerprint === undefined ? undefined : keys.find((k) => this.twins!.fingerprint(k) === fingerprint);
  }
}

export class ArtifactGraphs implements GraphSource {
  readonly probe = false;
  private readonly byKey = new Map<string, { keys: string[]; graph: ConvertedGraph }>();

  constructor(
    readonly source: string,
    contents: ArtifactContents,
  ) {
    for (const g of contents.graphs) for (const k of g.keys) this.byKey.set(k, g);
  }

  async graph(key: string): Promise<ConvertedGraph> {
    const g = this.byKey.get(key);
    if (!g) throw new Error(`serving artifact of ${this.source} has no graph for signature '${key}'`);
    return { ...g.graph, signature: g.graph.signature.key === key ? g.graph.signature : { ...g.graph.signature, key } };
  }

  twinOf(key: string, converted: Iterable<string>): string | undefined {
    const keys = this.byKey.get(key)?.keys ?? [];
    for (const k of converted) if (keys.includes(k)) return k;
    return undefined;
  }
}
