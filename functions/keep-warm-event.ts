// The keep-warm contract between the warmer and the api function (DESIGN.md §1 "A keep-warm").
// The warmer invokes `api` directly (Lambda Invoke, not API Gateway) with a KeepWarmEvent; `api` must
// recognise it before anything else, make sure the models are loaded, and answer with a KeepWarmReply.
// A keep-warm never reaches the REST logic and never counts as traffic.

/**
 * What the api function receives, as the raw Lambda event.
 * @example { "warmer": true, "models": ["digits", "half_plus_two"] }
 */
export interface KeepWarmEvent {
  warmer: true;
  /** Model names to have loaded (the versions the manifest says to serve). Empty: the api's HOT_MODELS. */
  models: string[];
}

/**
 * What the api function answers to a KeepWarmEvent (its return value; the warmer reads it for its summary).
 * Failing to load a model is reported here, not thrown: one broken model must not fail the keep-warm.
 */
export interface KeepWarmReply {
  warmed: true;
  /** True when this invocation was the container's first (it paid the cold start). */
  coldStart: boolean;
  /** Models loaded (or already loaded) after this keep-warm. */
  loaded: string[];
  /** Models served by the heavy target (manifest target 'heavy'): not loaded in this container. */
  forwarded: string[];
  /** Models that could not be loaded, with the reason. */
  failed: { model: string; message: string }[];
}

/**
 * The warmer's input: the schedule's (serverless.yml `warmer.events[].schedule.input`), or what rollout sends
 * (asynchronously, InvocationType 'Event') to pre-load a model it has just published.
 * @example { "warmer": true, "concurrency": 2, "models": ["digits"] }
 */
export interface WarmerInput {
  warmer: true;
  /** Concurrent invocations of api, i.e. containers kept warm, 1–100. Default: WARMER_CONCURRENCY. */
  concurrency?: number;
  /** Forwarded as KeepWarmEvent.models. Default: []. */
  models?: string[];
}

/** True for a keep-warm event (`{"warmer": true, …}`); API Gateway events never have a `warmer` key. */
export function isKeepWarmEvent(event: unknown): event is KeepWarmEvent {
  return typeof event === 'object' && event !== null && (event as { warmer?: unknown }).warmer === true;
}

/** The event the warmer sends, with `models` always present. */
export function keepWarmEvent(models: readonly string[] = []): KeepWarmEvent {
  return { warmer: true, models: [...models] };
}
