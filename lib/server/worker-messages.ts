// What the primary and its server workers say to each other over the cluster IPC channel (serialization
// 'advanced': structured clone, so ModelConfig's Map and bigint travel as they are).
import type { MetricSnapshot } from '../monitoring/index.ts';
import type { ModelConfig } from '../registry/index.ts';

export type WorkerMessage =
  /** worker → primary: its listeners are bound (the next worker may start). */
  | { type: 'tfs:ready' }
  /** worker → primary: the Prometheus page was asked for; answer with everyone's sum under `id`. */
  | { type: 'tfs:metrics?'; id: number }
  /** worker → primary: its metrics, answering a collect. */
  | { type: 'tfs:snapshot'; id: number; metrics: MetricSnapshot[] }
  /** worker → primary → the other workers: a HandleReloadConfigRequest one worker applied. */
  | { type: 'tfs:reload'; models: ModelConfig[] };

export type PrimaryMessage =
  /** primary → worker: send your metrics under `id`. */
  | { type: 'tfs:collect'; id: number }
  /** primary → worker: everyone's metrics, answering its metrics? `id`. */
  | { type: 'tfs:metrics'; id: number; metrics: MetricSnapshot[] }
  /** primary → worker: serve these models (another worker got HandleReloadConfigRequest). */
  | { type: 'tfs:reload'; models: ModelConfig[] }
  /** primary → worker: finish in-flight requests and exit (the primary got SIGTERM/SIGINT). */
  | { type: 'tfs:shutdown'; signal: string };

export function isTfsMessage(m: unknown): m is { type: string } {
  return typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string' && (m as { type: string }).type.startsWith('tfs:');
}
