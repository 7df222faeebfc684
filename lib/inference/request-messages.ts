// The tensorflow.serving request messages the inference core reads, as protobufjs decodes them (keepCase), and
// the results it produces (ClassificationResult, RegressionResult in classification.proto / regression.proto).
// Shared by the gRPC service and model warm-up, which replays the same messages from PredictionLog records.
import type { Int64Like, TensorMessage } from '../tensor/index.ts';

/** tensorflow.serving.ModelSpec as decoded (`version_choice` names the oneof member that is set). */
export interface ModelSpecMessage {
  name?: string;
  version?: { value?: Int64Like } | null;
  version_label?: string;
  signature_name?: string;
  version_choice?: 'version' | 'version_label';
}

export interface PredictRequestMessage {
  model_spec?: ModelSpecMessage | null;
  inputs?: Record<string, TensorMessage>;
  output_filter?: string[];
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

export interface ClassificationResult {
  classifications: { classes: { label: string; score: number }[] }[];
}

export interface RegressionResult {
  regressions: { value: number }[];
}
