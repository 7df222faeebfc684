// Inputs made up from a signature's TensorInfos, to run every signature once at load (and in rollout
// validation) when no warm-up records say otherwise: zeros (empty strings), unknown dims as 1, unknown rank as [1].
import type { SignatureInfo } from '../savedmodel/index.ts';
import { type DType, type HostTensor, type NumericDType, numElements, TYPED_ARRAY_OF } from '../tensor/index.ts';

/** Elements of one made-up input past which the signature is not probed (a static [100000, 100000] input). */
const MAX_ELEMENTS = 1 << 24;

/** The made-up inputs, or undefined when one cannot be made up (resource, variant or complex dtype; too large). */
export function syntheticInputs(info: SignatureInfo): Map<string, HostTensor> | undefined {
  const inputs = new Map<string, HostTensor>();
  for (const [alias, spec] of Object.entries(info.inputs)) {
    const dtype = spec.dtype.replace(/_REF$/, '') as DType;
    const shape = spec.shape === null ? [1] : spec.shape.map((d) => (d < 0 ? 1 : d));
    const n = numElements(shape);
    if (!(n <= MAX_ELEMENTS)) return undefined;
    if (dtype === 'DT_STRING') {
      inputs.set(alias, { dtype, shape, data: Array.from({ length: n }, () => new Uint8Array(0)) });
      continue;
    }
    const Ctor = TYPED_ARRAY_OF[dtype as NumericDType];
    if (!Ctor) return undefined;
    inputs.set(alias, { dtype, shape, data: new Ctor(n) } as HostTensor);
  }
  return inputs;
}
