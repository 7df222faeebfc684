// Row format ("instances") -> batched input tensors, as json_tensor.cc FillTensorMapFromInstancesList and
// AddInstanceItem do it: every element yields one row per input; all rows of an input share size and shape.
import { ServingError, isServingError } from '../../errors/index.ts';
import type { HostTensor, TensorData } from '../../tensor/index.ts';
import { jsonDebugString } from './json-debug-string.ts';
import { type JsonValue, asJsonObject } from './json-value.ts';
import {
  allocateData,
  elementPut,
  fillValues,
  isBase64Object,
  isHostDType,
  jsonShape,
  tensorFromJson,
  type ElementPut,
} from './tensor-from-json.ts';

/** One signature input: alias and dtype name ("DT_FLOAT"). */
export interface InputInfo {
  name: string;
  dtype: string;
}

/** One input's rows as they are filled. */
interface RowState {
  dtype: string;
  rowShape: number[] | undefined;
  rowSize: number;
  data: TensorData | undefined;
  put: ElementPut | undefined;
  next: number;
}

/** absl::Status::ToString() of a nested error, as TF Serving embeds it: "INVALID_ARGUMENT: <message>". */
function statusText(e: unknown): string {
  if (isServingError(e)) return `${e.code}: ${e.message}`;
  throw e;
}

function shapeText(shape: number[]): string {
  return `[${shape.join(',')}]`;
}

function invalid(message: string): ServingError {
  return new ServingError('INVALID_ARGUMENT', message);
}

/**
 * Decodes a non-empty "instances" list into one tensor per input with a leading batch dimension.
 * `inputs` are in the signature's sorted order; a single input takes the elements themselves, several take
 * objects keyed by input name (a {"b64": …} element counts as a value, not as such an object).
 */
export function decodeRows(instances: JsonValue[], inputs: InputInfo[]): Map<string, HostTensor> {
  const first = instances[0];
  if (!asJsonObject(first) && inputs.length > 1) {
    throw invalid('instances is a plain list, but expecting list of objects as multiple input tensors required as per tensorinfo_map');
  }
  const isElementObject = (v: JsonValue) => asJsonObject(v) !== undefined && !isBase64Object(v);
  const elementsAreObjects = isElementObject(first);
  const states = new Map<string, RowState>();
  for (const { name, dtype } of inputs) states.set(name, { dtype, rowShape: undefined, rowSize: 0, data: undefined, put: undefined, next: 0 });
  const inputNames = inputs.map((i) => i.name);
  const count = instances.length;
  const used = new Set<string>();

  for (let item = 0; item < count; item++) {
    const elem = instances[item];
    if (elementsAreObjects) {
      const obj = isElementObject(elem) ? asJsonObject(elem)! : undefined;
      if (!obj) throw invalid(`Expecting object but got list at item ${item} of input list`);
      const keys = new Set<string>();
      for (let m = 0; m < obj.size; m++) {
        const name = obj.keys[m];
        keys.add(name);
        try {
          addInstanceItem(obj.values[m], name, states, count);
          used.add(name);
        } catch (e) {
          throw invalid(`Failed to process element: ${item} key: ${name} of 'instances' list. Error: ${statusText(e)}`);
        }
      }
      if (keys.size !== inputNames.length || !inputNames.every((n) => keys.has(n))) {
        throw invalid(
          `Failed to process element: ${item} of 'instances' list. JSON object: ${jsonDebugString(elem)} keys must be equal to: ${inputNames.join(',')}`,
        );
      }
    } else {
      if (isElementObject(elem)) throw invalid(`Expecting value/list but got object at item ${item} of input list`);
      const name = inputNames[0];
      try {
        addInstanceItem(elem, name, states, count);
        used.add(name);
      } catch (e) {
        throw invalid(`Failed to process element: ${item} of 'instances' list. Error: ${statusText(e)}`);
      }
    }
  }

  const out = new Map<string, HostTensor>();
  for (const name of inputNames) {
    const st = states.get(name)!;
    if (!used.has(name)) continue;
    // A duplicated key in one element adds a second row (TF Serving appends the values, then fails to
    // turn the TensorProto into a Tensor).
    if (st.next !== count * st.rowSize) throw invalid(`tensor parsing error: ${name}`);
    out.set(name, { dtype: st.dtype, shape: [count, ...st.rowShape!], data: st.data! } as HostTensor);
  }
  return out;
}

/** json_tensor.cc AddInstanceItem: one element's value for input `name` appended as the next row. */
function addInstanceItem(v: JsonValue, name: string, states: Map<string, RowState>, count: number): void {
  const st = states.get(name);
  if (!st) throw invalid(`JSON object: does not have named input: ${name}`);
  const shape = jsonShape(v);
  let size = 1;
  for (const d of shape) size *= d;
  if (!isHostDType(st.dtype)) tensorFromJson(v, st.dtype); // throws TF Serving's UNIMPLEMENTED conversion error
  const dtype = st.dtype as HostTensor['dtype'];
  if (st.rowShape === undefined) {
    st.rowShape = shape;
    st.rowSize = size;
    st.data = allocateData(dtype, count * size);
    st.put = elementPut(dtype, st.data);
  } else if (size !== st.rowSize) {
    // TF Serving fills the values first, so a type error in this element wins over the size mismatch.
    fillValues(v, shape, elementPut(dtype, allocateData(dtype, size)), 0);
    throw invalid(`Expecting tensor size: ${st.rowSize} but got: ${size}`);
  }
  if (st.next + size > count * st.rowSize) {
    fillValues(v, shape, elementPut(dtype, allocateData(dtype, size)), 0);
    st.next += size; // duplicated key: reported once all elements are read
    return;
  }
  st.next = fillValues(v, shape, st.put!, st.next);
  const expected = st.rowShape;
  if (expected.length !== shape.length || expected.some((d, i) => d !== shape[i])) {
    throw invalid(`Expecting shape ${shapeText(expected)} but got: ${shapeText(shape)}`);
  }
}
