// ModelService (model_servers/model_service_impl.cc, get_model_status_impl.cc): GetModelStatus from the
// provider's version states; HandleReloadConfigRequest is not offered (the registry owns the configuration).
import type { ModelProvider, VersionState } from '../loader/index.ts';
import { ServingError } from '../errors/index.ts';
import { protoEnum } from '../proto/index.ts';
import type { GetModelStatusRequestMessage, GetModelStatusResponseOut } from './messages.ts';
import { requireModelSpec } from './model-spec.ts';
import { toBigInt } from '../tensor/index.ts';

/** ModelVersionStatus.State numbers (get_model_status.proto). */
const STATE_NUMBER: Readonly<Record<VersionState, number>> = { START: 10, LOADING: 20, AVAILABLE: 30, UNLOADING: 40, END: 50 };

/**
 * Answers a GetModelStatusRequest: every version of the model (newest first), or only model_spec.version.
 * Like TF Serving, a version_label in the spec is ignored.
 * @example await getModelStatus(provider, { model_spec: { name: 'half_plus_two' } })
 *   // { model_version_status: [{ version: '1', state: 30, status: { error_code: 0, error_message: '' } }] }
 */
export async function getModelStatus(provider: ModelProvider, request: GetModelStatusRequestMessage): Promise<GetModelStatusResponseOut> {
  const spec = requireModelSpec(request.model_spec);
  const version = spec.version_choice === 'version' && spec.version ? toBigInt(spec.version.value) : undefined;
  const statuses = await provider.status(version === undefined ? { name: spec.name ?? '' } : { name: spec.name ?? '', version });
  const codes = protoEnum('tensorflow.error.Code').values;
  return {
    model_version_status: statuses.map((s) => ({
      version: s.version.toString(),
      state: STATE_NUMBER[s.state],
      status: { error_code: codes[s.errorCode], error_message: s.errorMessage },
    })),
  };
}

/** HandleReloadConfigRequest: UNIMPLEMENTED, since models and versions come from the registry, not a pushed config. */
export function handleReloadConfigRequest(): never {
  throw new ServingError(
    'UNIMPLEMENTED',
    'HandleReloadConfigRequest is not supported by tf-serverless: models and versions come from the model registry',
  );
}
