// HostTensor ⇄ tfjs-node binding tensor handles, with no TensorFlow.js tensor in between. int64 stays exact both
// ways. tfjs-node's own TFSavedModel.predict is not exact: its dtype table (dist/saved_model.js
// mapTFDtypeToJSDtype) carries DT_INT64 inputs as tfjs 'int32' tensors, and getMappedInputTensorIds
// (dist/nodejs_kernel_backend.js) widens them with encodeInt32ArrayAsInt64, which writes 0 into every high word:
// -5 reaches the graph as 4294967291 and nothing beyond 32 bits can be sent. So the engine feeds the binding directly.
import { endianness } from 'node:os';
import { ServingError } from '../../errors/index.ts';
import type { DType, HostTensor } from '../../tensor/index.ts';
import { BRIDGED, createBridged, readBridged } from './dtype-bridge.ts';
import type { TensorMetadata, TfjsBinding } from './tfjs-node-api.ts';

/** Input dtypes the native engine feeds: the binding's own (createTensor) plus those dtype-bridge.ts converts. */
export const NATIVE_INPUT_DTYPES: ReadonlySet<string> = new Set(['DT_FLOAT', 'DT_INT32', 'DT_INT64', 'DT_UINT8', 'DT_BOOL', 'DT_STRING', ...Object.keys(BRIDGED)]);
/** Output dtypes it reads back: the binding's tensorDataSync cases plus those dtype-bridge.ts converts. */
export const NATIVE_OUTPUT_DTYPES: ReadonlySet<string> = new Set(['DT_FLOAT', 'DT_INT32', 'DT_INT64', 'DT_BOOL', 'DT_STRING', ...Object.keys(BRIDGED)]);
/** TF_DataType number → the bridged DType. */
const BRIDGED_BY_NUMBER = new Map(Object.entries(BRIDGED).map(([d, n]) => [n, d as DType]));

/** The binding takes int64 as pairs of int32 words, low word first: only little-endian hosts lay them out so. */
export const HOST_IS_LITTLE_ENDIAN = endianness() === 'LE';

/**
 * A binding tensor holding `t`. The binding shares numeric memory with `t` until the handle is deleted.
 * @example const id = createHandle(binding, { dtype: 'DT_INT64', shape: [1], data: new BigInt64Array([-5n]) }, "input 'ids'")
 */
export function createHandle(b: TfjsBinding, t: HostTensor, where: string): number {
  const shape = [...t.shape];
  switch (t.dtype) {
    case 'DT_FLOAT': return b.createTensor(shape, b.TF_FLOAT, t.data as Float32Array);
    case 'DT_INT32': return b.createTensor(shape, b.TF_INT32, t.data as Int32Array);
    case 'DT_INT64': {
      const d = t.data as BigInt64Array;
      return b.createTensor(shape, b.TF_INT64, new Int32Array(d.buffer, d.byteOffset, d.length * 2));
    }
    case 'DT_UINT8': return b.createTensor(shape, b.TF_UINT8, t.data as Uint8Array);
    case 'DT_BOOL': return b.createTensor(shape, b.TF_BOOL, t.data as Uint8Array);
    case 'DT_STRING': return b.createTensor(shape, b.TF_STRING, t.data as Uint8Array[]);
    default:
      if (BRIDGED[t.dtype] !== undefined) return createBridged(b, t);
      throw new ServingError('UNIMPLEMENTED', `${where}: dtype ${t.dtype} is not supported by the native engine`);
  }
}

/** Reads a binding tensor (a copy: the handle can be deleted afterwards). Strings stay raw bytes. */
export function readHandle(b: TfjsBinding, m: TensorMetadata, where: string): HostTensor {
  const shape = m.shape.map(Number);
  let dtype: DType;
  switch (m.dtype) {
    case b.TF_FLOAT: dtype = 'DT_FLOAT'; break;
    case b.TF_INT32: dtype = 'DT_INT32'; break;
    case b.TF_INT64: dtype = 'DT_INT64'; break;
    case b.TF_BOOL: dtype = 'DT_BOOL'; break;
    case b.TF_STRING: dtype = 'DT_STRING'; break;
    default: {
      const bridged = BRIDGED_BY_NUMBER.get(m.dtype);
      if (bridged) return readBridged(b, m.id, bridged, shape);
      throw new ServingError('UNIMPLEMENTED', `${where}: TF_DataType ${m.dtype} is not supported by the native engine`);
    }
  }
  return { dtype, shape, data: b.tensorDataSync(m.id) } as HostTensor;
}
