// The api function's REST entry when a heavy target exists (issue 15): requests that run a heavy version
// (predict/classify/regress, and metadata, which needs the loaded SavedModel) go to the heavy target and its
// answer is returned unchanged; everything else, model status included, is answered here from the manifest.
import { errorJson, handleRestRequest, httpStatusOf, parseRoute, type RestHandlerOptions, type RestRequest, type RestResponse } from '../api/index.ts';
import { isServingError, ServingError } from '../errors/index.ts';
import type { ModelProvider, ModelSpec } from '../loader/index.ts';
import type { VersionTarget } from '../registry/index.ts';
import type { HeavyTarget } from './heavy-target.ts';

/** A provider that also says where a request's version is served (CachingManager). */
export interface TargetedProvider extends ModelProvider {
  targetOf(spec: ModelSpec): Promise<VersionTarget | undefined>;
}

const FORWARDED = new Set(['predict', 'classify', 'regress', 'metadata']);

/** The route a request forwarding cares about, or undefined (the REST handler answers the rest, errors included). */
function forwardable(req: RestRequest): ModelSpec | undefined {
  try {
    const route = parseRoute(req.method, req.path.split('?', 1)[0]);
    return FORWARDED.has(route.kind) ? route.spec : undefined;
  } catch {
    return undefined;
  }
}

function errorResponse(e: ServingError): RestResponse {
  return { status: httpStatusOf(e.code), headers: { 'Content-Type': 'application/json' }, body: errorJson(e.message) };
}

/**
 * handleRestRequest, except that a request for a heavy version is answered by `target`. Without a target, such a
 * request is UNAVAILABLE naming the missing configuration (never a portable-engine load that would fail).
 * @example await handleWithForwarding(request, cachingManager, httpHeavyTarget(process.env.HEAVY_TARGET_URL!))
 */
export async function handleWithForwarding(
  req: RestRequest, provider: TargetedProvider, target: HeavyTarget | undefined, options: RestHandlerOptions = {},
): Promise<RestResponse> {
  const spec = forwardable(req);
  if (spec && (await provider.targetOf(spec)) === 'heavy') {
    if (!target) {
      return errorResponse(new ServingError('UNAVAILABLE', `model ${spec.name}: the requested version is served by the heavy target, and no heavy target is configured (HEAVY_TARGET_URL or HEAVY_FUNCTION_NAME)`));
    }
    try {
      return await target.forward(req);
    } catch (e) {
      if (isServingError(e)) return errorResponse(e);
      throw e;
    }
  }
  return handleRestRequest(req, provider, options);
}
