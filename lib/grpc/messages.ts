// TypeScript shapes of the tensorflow.serving messages the gRPC services read and write (protobufjs, keepCase):
// int64 fields arrive as Long/number and are written as decimal strings; enums are numbers; maps plain objects.
// Only the fields we use are typed; the schemas are lib/proto/tensorflow_serving/apis/*.proto.
import type { Int64Like, TensorMessage } from '../savedmodel/index.ts';

/** tensorflow.serving.ModelSpec as decoded (`version_choice` names the oneof member that is set). */
export interface ModelSpecMessage {
  name?: string;
  version?: { value?: Int64Like } | null;
  version_label?: string;
  signature_name?: string;
  version_choice?: 'version' | 'version_label';
}

/** A ModelSpec to encode: version as Int64Value with a decimal string. */
export interface ModelSpecOut {
  name: string;
  version?: { value: string };
  signature_name?: string;
}

export interface PredictRequestMessage {
  model_spec?: ModelSpecMessage | null;
  inputs?: Record<string, TensorMessage>;
  output_filter?: string[];
}

export interface PredictResponseOut {
  model_spec: ModelSpecOut;
  outputs: Record<string, TensorMessage>;
}

/** tensorflow.serving.internal.SerializedInput: the Input with every tf.Example kept as its wire bytes. */
export interface SerializedInputMessage {
  example_list?: { examples?: Uint8Array[] } | null;
  example_list_with_context?: { examples?: Uint8Array[]; context?: Uint8Array } | null;
  kind?: 'example_list' | 'example_list_with_context';
}

/** ClassificationRequest / RegressionRequest, with `input` read as a SerializedInput. */
export interface ExamplesRequest {
  model_spec?: ModelSpecMessage | null;
  input: SerializedInputMessage;
}

export interface InferenceTaskMessage {
  model_spec?: ModelSpecMessage | null;
  method_name?: string;
}

/** MultiInferenceRequest, with `input` read as a SerializedInput. */
export interface MultiInferenceRequest {
  tasks: InferenceTaskMessage[];
  input: SerializedInputMessage;
}

export interface ClassificationResultOut {
  classifications: { classes: { label: string; score: number }[] }[];
}

export interface RegressionResultOut {
  regressions: { value: number }[];
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
