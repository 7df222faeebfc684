// middy middleware: a keep-warm event (functions/keep-warm-event.ts) returns early from `before`, once the
// requested (or HOT_MODELS) models are loaded. It never reaches the REST logic.
import type { MiddlewareObj } from '@middy/core';
import { isKeepWarmEvent, type KeepWarmReply } from '../keep-warm-event.ts';

export interface Preloader {
  preload(models: readonly string[]): Promise<{ failed: { model: string; error: Error }[]; forwarded: string[] }>;
}

export function keepWarmMiddleware(loader: Preloader, hotModels: readonly string[], isColdStart: () => boolean): MiddlewareObj {
  return {
    before: async (request) => {
      if (!isKeepWarmEvent(request.event)) return undefined;
      const models = request.event.models.length ? request.event.models : [...hotModels];
      const { failed, forwarded } = await loader.preload(models);
      const notLoaded = new Set([...failed.map((f) => f.model), ...forwarded]);
      const reply: KeepWarmReply = {
        warmed: true,
        coldStart: isColdStart(),
        loaded: models.filter((m) => !notLoaded.has(m)),
        forwarded,
        failed: failed.map((f) => ({ model: f.model, message: f.error.message })),
      };
      return reply;
    },
  };
}
