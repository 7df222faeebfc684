// PredictionService.GetModelMetadata (servables/tensorflow/get_model_metadata_impl.cc): the served MetaGraph's
// SignatureDefs, packed as a google.protobuf.Any holding a tensorflow.serving.SignatureDefMap under "signature_def".
import type { ModelProvider } from '../loader/index.ts';
import { ServingError } from '../errors/index.ts';
import { protoType } from '../proto/index.ts';
import type { MetaGraph } from '../savedmodel/index.ts';
import type { GetModelMetadataRequestMessage, GetModelMetadataResponseOut } from './messages.ts';
import { requireModelSpec, responseModelSpec, servableSpec } from './model-spec.ts';

/** GetModelMetadataImpl::kSignatureDef: the only metadata field TF Serving supports. */
export const SIGNATURE_DEF_FIELD = 'signature_def';
const SIGNATURE_DEF_MAP = 'tensorflow.serving.SignatureDefMap';
/** Any.type_url prefix written by protobuf's PackFrom. */
const TYPE_URL_PREFIX = 'type.googleapis.com/';

function validateFields(fields: string[]): void {
  if (fields.length === 0) {
    throw new ServingError('INVALID_ARGUMENT', 'GetModelMetadataRequest must specify at least one metadata_field');
  }
  for (const field of fields) {
    if (field !== SIGNATURE_DEF_FIELD) throw new ServingError('INVALID_ARGUMENT', `Metadata field ${field} is not supported`);
  }
}

/** Every SignatureDef of the MetaGraph (including `__saved_model_init_op`), as a serialized SignatureDefMap. */
export function encodeSignatureDefMap(meta: MetaGraph): Uint8Array {
  const type = protoType(SIGNATURE_DEF_MAP);
  // fromObject normalises messages that came from text format (saved_model.pbtxt) as well as binary ones.
  return type.encode(type.fromObject({ signature_def: meta.def.signature_def ?? {} })).finish();
}

/**
 * Answers a GetModelMetadataRequest; the response's model_spec has the servable's name and version only.
 * @example await getModelMetadata(provider, { model_spec: { name: 'half_plus_two' }, metadata_field: ['signature_def'] })
 */
export async function getModelMetadata(provider: ModelProvider, request: GetModelMetadataRequestMessage): Promise<GetModelMetadataResponseOut> {
  const spec = requireModelSpec(request.model_spec);
  validateFields(request.metadata_field ?? []);
  const handle = await provider.acquire(servableSpec(spec));
  try {
    return {
      model_spec: responseModelSpec(handle.name, undefined, handle.version),
      metadata: { [SIGNATURE_DEF_FIELD]: { type_url: `${TYPE_URL_PREFIX}${SIGNATURE_DEF_MAP}`, value: encodeSignatureDefMap(handle.metaGraph) } },
    };
  } finally {
    handle.release();
  }
}
