// lib/tensor: the leaf every other module shares — host tensors and their dtypes, the typed-array table,
// TensorProto decode/encode, half/bfloat16 bit patterns, protobuf int64 fields. Imports only lib/proto and lib/errors.
export {
  type DType, type HostTensor, numElements, type NumericDType, type TensorData, type TensorDataByDType, TYPED_ARRAY_OF, type TypedArrayCtor,
} from './host-tensor.ts';
export { dtypeName, dtypeNumber, dataTypeString } from './dtype-name.ts';
export { type Int64Like, toBigInt, toSafeNumber } from './int64-field.ts';
export { shapeDims, type TensorMessage, type TensorShapeMessage } from './tensor-message.ts';
export { decodeTensorProto } from './tensor-proto-decode.ts';
export { encodeTensorProto, TENSOR_ENCODINGS, type TensorEncoding } from './tensor-proto-encode.ts';
export { bfloat16ToNumber, halfToNumber, numberToBfloat16, numberToHalf } from './float16-bits.ts';
export { ByteBudget } from './byte-budget.ts';
export { type LoadLimits, modelBytesForMemory, processMemoryBytes, resolveLoadLimits } from './load-limits.ts';
