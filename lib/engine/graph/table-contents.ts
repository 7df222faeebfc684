// The contents of one initialised lookup table (HashTable / HashTableV2), built on the host at load with
// TensorFlow's insertion rules, then packed as two constant tensors the lookup ops search:
//   keys   sorted ascending (strings by raw bytes, integers by value), no duplicates;
//   values aligned with keys.
// IMPORTANT: the packed order is what LookupTableFindV2 (lib/engine/ops/lookup-table.ts) binary-searches.
import { ServingError } from '../../errors/index.ts';
import type { DType, HostTensor } from '../../tensor/index.ts';

/** One key or value: raw bytes for DT_STRING, bigint for DT_INT64, number otherwise (0/1 for DT_BOOL). */
export type TableElement = Uint8Array | bigint | number;

/** Key dtypes a HashTable can have here (tensorflow/core/kernels/lookup_table_op.cc registrations). */
export const TABLE_KEY_DTYPES: ReadonlySet<DType> = new Set(['DT_STRING', 'DT_INT32', 'DT_INT64']);
/** Value dtypes a HashTable can have here. */
export const TABLE_VALUE_DTYPES: ReadonlySet<DType> = new Set(['DT_STRING', 'DT_INT32', 'DT_INT64', 'DT_FLOAT', 'DT_DOUBLE', 'DT_BOOL']);

/** Latin-1 view of bytes: one UTF-16 unit per byte, so string order equals byte order. */
export function bytesKey(b: Uint8Array): string {
  if (b.length <= 4096) return String.fromCharCode.apply(null, b as unknown as number[]);
  let s = '';
  for (let i = 0; i < b.length; i += 4096) s += String.fromCharCode.apply(null, b.subarray(i, i + 4096) as unknown as number[]);
  return s;
}

/** How TensorFlow prints a key or value in table messages (C++ operator<<: floats with 6 significant digits). */
export function printElement(v: TableElement): string {
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  if (typeof v === 'number' && !Number.isInteger(v)) return String(Number(v.toPrecision(6)));
  return String(v);
}

function sameValue(a: TableElement, b: TableElement): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** Accumulates insertions the way HashTable::DoInsert does: a key may repeat only with the same value. */
export class TableBuilder {
  private readonly index = new Map<string | bigint | number, number>();
  private readonly keys: TableElement[] = [];
  private readonly values: TableElement[] = [];

  constructor(
    readonly keyDtype: DType,
    readonly valueDtype: DType,
  ) {
    if (!TABLE_KEY_DTYPES.has(keyDtype) || !TABLE_VALUE_DTYPES.has(valueDtype)) {
      throw new ServingError('UNIMPLEMENTED', `lookup tables from ${keyDtype} to ${valueDtype} are not supported by the portable engine`);
    }
  }

  get size(): number {
    return this.keys.length;
  }

  /** Inserts one pair; FAILED_PRECONDITION with TensorFlow's message when the key has another value. */
  insert(key: TableElement, value: TableElement): void {
    const k = key instanceof Uint8Array ? bytesKey(key) : key;
    const at = this.index.get(k);
    if (at === undefined) {
      this.index.set(k, this.keys.length);
      this.keys.push(key);
      this.values.push(value);
      return;
    }
    if (!sameValue(this.values[at], value)) {
      // tensorflow/core/kernels/lookup_table_op.h HashTable::DoInsert
      throw new ServingError(
        'FAILED_PRECONDITION',
        `HashTable has different value for same key. Key ${printElement(key)} has ${printElement(this.values[at])} and trying to add value ${printElement(value)}`,
      );
    }
  }

  /** The packed tensors: keys sorted ascending, values aligned. */
  pack(): { keys: HostTensor; values: HostTensor } {
    const sorted = [...this.index.keys()];
    // Latin-1 strings sort natively in byte order; numbers and bigints need a comparator.
    if (this.keyDtype === 'DT_STRING') sorted.sort();
    else sorted.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const order = sorted.map((k) => this.index.get(k)!);
    return {
      keys: column(this.keyDtype, order.map((i) => this.keys[i])),
      values: column(this.valueDtype, order.map((i) => this.values[i])),
    };
  }
}

function column(dtype: DType, items: TableElement[]): HostTensor {
  const shape = [items.length];
  switch (dtype) {
    case 'DT_STRING': return { dtype, shape, data: items as Uint8Array[] };
    case 'DT_INT64': return { dtype, shape, data: BigInt64Array.from(items as bigint[]) };
    case 'DT_INT32': return { dtype, shape, data: Int32Array.from(items as number[]) };
    case 'DT_FLOAT': return { dtype, shape, data: Float32Array.from(items as number[]) };
    case 'DT_DOUBLE': return { dtype, shape, data: Float64Array.from(items as number[]) };
    case 'DT_BOOL': return { dtype, shape, data: Uint8Array.from(items as number[]) };
    default: throw new ServingError('UNIMPLEMENTED', `lookup table column of dtype ${dtype} is not supported`);
  }
}
