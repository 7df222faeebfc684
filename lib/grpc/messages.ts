// TypeScript shapes of the tensorflow.serving messages the gRPC services read and write (protobufjs, keepCase):
// int64 fields arrive as Long/number and are written as decimal strings; enums are numbers; maps plain objects.
// Only the fields we use are typed; the schemas are lib/proto/tensorflow_serving/apis/*.proto.
import type {
  ClassificationResult as ClassificationResultOut, ExamplesRequest, InferenceTaskMessage, ModelSpecMessage, MultiInferenceRequest, PredictRequestMessage,
  RegressionResult as RegressionResultOut, SerializedInputMessage,
} from '../inference/index.ts';
import type { TensorMessage } from '../tensor/index.ts';

export type {
  ClassificationResultOut, ExamplesRequest, InferenceTaskMessage, ModelSpecMessage, MultiInferenceRequest, PredictRequestMessage,
  RegressionResultOut, SerializedInputMessage,
};

/** A ModelSpec to encode: version as Int64Value with a decimal string. */
export interface ModelSpecOut {
  name: string;
  version?: { value: string };
  signature_name?: string;
}

export interface PredictResponseOut {
  model_spec: ModelSpecOut;
  outputs: Record<string, TensorMessage>;
}

export interface ClassificationResponseOut {
  model_spec: ModelSpecOut;
  result: ClassificationResultOut;
}

export interface RegressionResponseOut {
  model_spec: ModelSpecOut;
  result: RegressionResultOut;
}

export interface InferenceResultOut {
  model_spec: ModelSpecOut;
  classification_result?: ClassificationResultOut;
  regression_result?: RegressionResultOut;
}

export interface MultiInferenceResponseOut {
  results: InferenceResultOut[];
}

export interface GetModelMetadataRequestMessage {
  model_spec?: ModelSpecMessage | null;
  metadata_field?: string[];
}

export interface GetModelMetadataResponseOut {
  model_spec: ModelSpecOut;
  metadata: Record<string, { type_url: string; value: Uint8Array }>;
}

export interface GetModelStatusRequestMessage {
  model_spec?: ModelSpecMessage | null;
}

export interface ModelVersionStatusOut {
  version: string;
  /** ModelVersionStatus.State number (START = 10 … END = 50). */
  state: number;
  /** error_code: tensorflow.error.Code number (OK = 0). */
  status: { error_code: number; error_message: string };
}

export interface GetModelStatusResponseOut {
  model_version_status: ModelVersionStatusOut[];
}
