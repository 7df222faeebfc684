// Carries the dtypes tfjs-node's binding cannot create or read (binding/tfjs_backend.cc: createTensor takes float32,
// int32/int64, uint8/bool; tensorDataSync reads float32, int32, int64, bool, string) through TensorFlow itself: an
// eager Cast or Bitcast (binding.executeOp) turns a tensor the binding can make into the one the graph wants, and a
// graph output into one the binding can read. Exact: Bitcast keeps the bits (float64, half, bfloat16, uint64), Cast
// between integers whose values fit (int8/int16/uint8/uint16/uint32 through int32 or int64).
import type { DType, HostTensor } from '../../tensor/index.ts';
import type { TfjsBinding } from './tfjs-node-api.ts';

/** TF_DataType numbers (tensorflow/c/tf_datatype.h; the same as DataType in types.proto). */
const TF = { DOUBLE: 2, INT32: 3, UINT8: 4, INT16: 5, INT8: 6, INT64: 9, BFLOAT16: 14, UINT16: 17, HALF: 19, UINT32: 22, UINT64: 23 } as const;

/** The dtypes this module bridges, with their TF_DataType. */
export const BRIDGED: Readonly<Partial<Record<DType, number>>> = {
  DT_DOUBLE: TF.DOUBLE, DT_INT8: TF.INT8, DT_INT16: TF.INT16, DT_UINT16: TF.UINT16, DT_UINT32: TF.UINT32,
  DT_UINT64: TF.UINT64, DT_HALF: TF.HALF, DT_BFLOAT16: TF.BFLOAT16, DT_UINT8: TF.UINT8,
};

type Step = { op: 'Cast' | 'Bitcast'; from: number; to: number };

function run(b: TfjsBinding, id: number, steps: Step[]): number {
  let current = id;
  for (const s of steps) {
    const attrs = s.op === 'Cast'
      ? [{ name: 'SrcT', type: b.TF_ATTR_TYPE, value: s.from }, { name: 'DstT', type: b.TF_ATTR_TYPE, value: s.to }]
      : [{ name: 'T', type: b.TF_ATTR_TYPE, value: s.from }, { name: 'type', type: b.TF_ATTR_TYPE, value: s.to }];
    const next = b.executeOp(s.op, attrs, [current], 1)[0].id;
    b.deleteTensor(current);
    current = next;
  }
  return current;
}

const int64Words = (a: BigInt64Array | BigUint64Array | Float64Array) => new Int32Array(a.buffer, a.byteOffset, a.length * 2);

/** A binding handle of `t`'s own dtype, for a dtype in BRIDGED other than uint8 (which the binding creates itself). */
export function createBridged(b: TfjsBinding, t: HostTensor): number {
  const shape = [...t.shape];
  switch (t.dtype) {
    case 'DT_DOUBLE': return run(b, b.createTensor(shape, TF.INT64, int64Words(t.data as Float64Array)), [{ op: 'Bitcast', from: TF.INT64, to: TF.DOUBLE }]);
    case 'DT_UINT64': return run(b, b.createTensor(shape, TF.INT64, int64Words(t.data as BigUint64Array)), [{ op: 'Bitcast', from: TF.INT64, to: TF.UINT64 }]);
    case 'DT_UINT32': {
      const wide = BigInt64Array.from(t.data as Uint32Array, (v) => BigInt(v));
      return run(b, b.createTensor(shape, TF.INT64, int64Words(wide)), [{ op: 'Cast', from: TF.INT64, to: TF.UINT32 }]);
    }
    case 'DT_HALF': case 'DT_BFLOAT16': {
      const bits = Int32Array.from(t.data as Uint16Array);
      return run(b, b.createTensor(shape, TF.INT32, bits), [{ op: 'Cast', from: TF.INT32, to: TF.UINT16 }, { op: 'Bitcast', from: TF.UINT16, to: BRIDGED[t.dtype]! }]);
    }
    default: // int8, int16, uint16: every value fits int32
      return run(b, b.createTensor(shape, TF.INT32, Int32Array.from(t.data as Int8Array)), [{ op: 'Cast', from: TF.INT32, to: BRIDGED[t.dtype]! }]);
  }
}

/** Reads a bridged-dtype handle as a HostTensor (the handle `id` is left for the caller to delete). */
export function readBridged(b: TfjsBinding, id: number, dtype: DType, shape: number[]): HostTensor {
  const copy = run(b, b.executeOp('Identity', [{ name: 'T', type: b.TF_ATTR_TYPE, value: BRIDGED[dtype]! }], [id], 1)[0].id, readSteps(dtype));
  try {
    const raw = b.tensorDataSync(copy);
    let data: HostTensor['data'];
    switch (dtype) {
      case 'DT_DOUBLE': data = new Float64Array((raw as BigInt64Array).slice().buffer); break;
      case 'DT_UINT64': data = new BigUint64Array((raw as BigInt64Array).slice().buffer); break;
      case 'DT_UINT32': data = Uint32Array.from(raw as BigInt64Array, (v) => Number(v)); break;
      case 'DT_INT8': data = Int8Array.from(raw as Int32Array); break;
      case 'DT_INT16': data = Int16Array.from(raw as Int32Array); break;
      case 'DT_UINT8': data = Uint8Array.from(raw as Int32Array); break;
      default: data = Uint16Array.from(raw as Int32Array); // uint16, half and bfloat16 bits
    }
    return { dtype, shape, data } as HostTensor;
  } finally {
    b.deleteTensor(copy);
  }
}

function readSteps(dtype: DType): Step[] {
  const tf = BRIDGED[dtype]!;
  switch (dtype) {
    case 'DT_DOUBLE': case 'DT_UINT64': return [{ op: 'Bitcast', from: tf, to: TF.INT64 }];
    case 'DT_UINT32': return [{ op: 'Cast', from: tf, to: TF.INT64 }];
    case 'DT_HALF': case 'DT_BFLOAT16': return [{ op: 'Bitcast', from: tf, to: TF.UINT16 }, { op: 'Cast', from: TF.UINT16, to: TF.INT32 }];
    default: return [{ op: 'Cast', from: tf, to: TF.INT32 }];
  }
}
