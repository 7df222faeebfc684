// ModelService (model_servers/model_service_impl.cc, get_model_status_impl.cc): GetModelStatus from the
// provider's version states; HandleReloadConfigRequest applies a new model list where the server offers it (`serve`).
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

/** Applies a ModelServerConfig message (the server's job); rejects with a ServingError when it cannot. */
export type ReloadConfig = (config: object) => Promise<void>;

/**
 * HandleReloadConfigRequest (model_service_impl.cc): only model_config_list is accepted; success answers
 * status { error_code: OK }, failure the error itself. UNIMPLEMENTED where the server has no reload (Lambda:
 * the registry owns the configuration).
 */
export async function handleReloadConfigRequest(reload: ReloadConfig | undefined, request: { config?: { model_config_list?: object | null } | null }): Promise<object> {
  if (!reload) {
    throw new ServingError('UNIMPLEMENTED', 'HandleReloadConfigRequest is not supported by tf-serverless: models and versions come from the model registry');
  }
  if (!request.config?.model_config_list) {
    throw new ServingError('INVALID_ARGUMENT', 'ServerModelConfig type not supported by HandleReloadConfigRequest. Only ModelConfigList is currently supported');
  }
  await reload(request.config);
  return { status: { error_code: 0, error_message: '' } };
}
