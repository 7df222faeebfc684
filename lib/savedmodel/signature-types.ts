// The engine- and transport-neutral description of a SignatureDef.

/** One input or output of a signature. */
export interface TensorSpec {
  /** Graph tensor name, e.g. "x:0". */
  name: string;
  /** DataType enum name, e.g. "DT_FLOAT". */
  dtype: string;
  /** Dimensions with -1 for unknown; null when the rank is unknown. */
  shape: number[] | null;
}

/** A SignatureDef: method name and named inputs/outputs. */
export interface SignatureInfo {
  key: string;
  /** e.g. "tensorflow/serving/predict", "tensorflow/serving/classify", "tensorflow/serving/regress". */
  methodName: string;
  inputs: Record<string, TensorSpec>;
  outputs: Record<string, TensorSpec>;
}
