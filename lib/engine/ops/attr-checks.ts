// Load-time attribute checks for the custom ops whose verified ground is narrower than TensorFlow's: a node
// outside it refuses the load naming op and node, rather than computing something unverified at request
// time (issue 9 item 6). Keyed by exact TF op name; each check throws a ServingError or returns.
import { ServingError } from '../../errors/index.ts';
import type { AttrValueMessage, NodeDefMessage } from '../../savedmodel/index.ts';
import { parseEinsumEquation } from './einsum-equation.ts';
import { checkRegexNode } from './regex-ops.ts';
import { TF_CPU_KERNELS } from './tf-cpu-kernels.ts';

type Attrs = Record<string, AttrValueMessage>;
const DT_FLOAT = 1;
const DT_INT32 = 3;
const DTYPE_NAME: Record<number, string> = {
  1: 'float32', 2: 'float64', 3: 'int32', 4: 'uint8', 5: 'int16', 6: 'int8', 7: 'string', 9: 'int64', 10: 'bool', 14: 'bfloat16', 17: 'uint16', 19: 'float16', 22: 'uint32', 23: 'uint64',
};
const typeName = (t: number) => DTYPE_NAME[t] ?? `DataType ${t}`;
const INTEGERS = new Set([3, 4, 5, 6, 9, 17, 22, 23]);
const NARROW = new Set([4, 5, 6, 17]);

/** The types a type or list(type) attr holds. */
const typesOf = (v: AttrValueMessage | undefined): number[] => (v?.type !== undefined ? [v.type] : (v?.list?.type ?? []));

/**
 * A node whose type attrs match none of TensorFlow 2.21's CPU kernels for its op (tf-cpu-kernels.ts): TF itself
 * cannot run it, so neither do we (the op sweep found int32 RealDiv / Reciprocal answering where TF has no kernel).
 */
function noTfKernel(op: string, attr: Attrs): string | undefined {
  const kernels = TF_CPU_KERNELS[op];
  if (!kernels) return undefined;
  const fits = (k: Record<string, number[]>) => Object.entries(k).every(([a, allowed]) => typesOf(attr[a]).every((t) => allowed.includes(t)));
  if (kernels.some(fits)) return undefined;
  const names = [...new Set(kernels.flatMap((k) => Object.keys(k)))].filter((a) => typesOf(attr[a]).length > 0);
  const odd = names.filter((a) => typesOf(attr[a]).some((t) => !kernels.some((k) => k[a]?.includes(t))));
  return `${(odd.length ? odd : names).map((a) => `${a}=${typesOf(attr[a]).map(typeName).join(',')}`).join(', ')} (no TensorFlow CPU kernel)`;
}

/** uint32 has no carrier in the portable engine (tfjs has no 32-bit unsigned dtype): refused wherever it appears. */
function uint32Anywhere(attr: Attrs): string | undefined {
  const name = Object.keys(attr).find((a) => typesOf(attr[a]).includes(22));
  return name === undefined ? undefined : `${name}=uint32`;
}

/** The type attrs named must be DT_FLOAT (absent counts as the op's default, float). */
const floatOnly = (...names: string[]) => (attr: Attrs): string | undefined => {
  for (const name of names) {
    const t = attr[name]?.type;
    if (t !== undefined && t !== DT_FLOAT) return `${name}=${DTYPE_NAME[t] ?? `DataType ${t}`}`;
  }
  return undefined;
};

/** Bitcast between float32 and int32 only (same width, and the dtypes TensorFlow.js holds exactly). */
function bitcastTypes(attr: Attrs): string | undefined {
  for (const name of ['T', 'type']) {
    const t = attr[name]?.type;
    if (t !== DT_FLOAT && t !== DT_INT32) return `${name}=${t === undefined ? 'unset' : (DTYPE_NAME[t] ?? `DataType ${t}`)}`;
  }
  return undefined;
}

/**
 * Convolutions, pools, BiasAdd and batch norm: float inputs in NHWC / NDHWC only (TF's CPU kernels refuse NCHW
 * convolutions; tfjs's BiasAdd does not broadcast NCHW), and DepthwiseConv2dNative with dilations or unequal
 * strides, which TF's CPU kernel refuses (op sweep).
 */
function convLike(attr: Attrs): string | undefined {
  const t = attr.T?.type;
  if (t !== undefined && INTEGERS.has(t)) return `T=${typeName(t)}`;
  const format = new TextDecoder().decode(attr.data_format?.s ?? new Uint8Array());
  if (format.startsWith('NC')) return `data_format=${format}`;
  return undefined;
}

function depthwise(attr: Attrs): string | undefined {
  const list = (name: string) => attr[name]?.list?.i?.map(Number) ?? [];
  if (list('dilations').some((d) => d !== 1)) return `dilations=[${list('dilations')}]`;
  const s = list('strides');
  if (s.length === 4 && s[1] !== s[2]) return `strides=[${s}]`;
  return convLike(attr);
}

const text = (v: AttrValueMessage | undefined) => new TextDecoder().decode(v?.s ?? new Uint8Array());

/** Inference batch norm (batch-norm.ts): training mode (batch statistics, running averages) is not implemented. */
function batchNorm(attr: Attrs): string | undefined {
  if (attr.is_training?.b !== false) return 'is_training=true';
  const t = attr.T?.type;
  return t !== undefined && INTEGERS.has(t) ? `T=${typeName(t)}` : undefined;
}

/**
 * Grappler's fused kernels as TensorFlow.js runs them (tfjs fused conv2d / matMul): fused_ops must be BiasAdd with
 * at most one activation tfjs applies as TF does (TF's conv fusion has no Sigmoid / Tanh; tfjs refuses
 * FusedBatchNorm and has no tanh). tfjs-backend-wasm's fused MatMul answers wrongly with a transposed
 * operand (op sweep), so _FusedMatMul's transposes are refused on every backend.
 */
const fusedLinear = (activations: string[]) => (attr: Attrs): string | undefined => {
  const ops = (attr.fused_ops?.list?.s ?? []).map((b) => new TextDecoder().decode(b));
  const fine = ops[0] === 'BiasAdd' && ops.length <= 2 && (ops.length === 1 || activations.includes(ops[1])) && Number(attr.num_args?.i ?? 0) === 1;
  if (!fine) return `fused_ops=[${ops.join(',')}]`;
  for (const name of ['transpose_a', 'transpose_b']) if (attr[name]?.b === true) return `${name}=true`;
  const format = text(attr.data_format);
  return format.startsWith('NC') ? `data_format=${format}` : undefined;
};

const CHECKS: Record<string, (attr: Attrs) => string | undefined> = {
  _FusedConv2D: fusedLinear(['Relu', 'Relu6', 'Elu', 'LeakyRelu']),
  _FusedMatMul: fusedLinear(['Relu', 'Relu6', 'Elu', 'LeakyRelu', 'Sigmoid']),
  // window-max.ts: input + filter in the dtype's own arithmetic is exact here for float32, int32 and half
  // (a half sum is exact in float32 and rounding is monotonic); uint8 and the other narrow ints wrap in TF.
  Dilation2D: (attr) => (![1, 3, 19].includes(attr.T?.type ?? 1) ? `T=${typeName(attr.T!.type!)}` : undefined),
  // image.ts converts the float32 result as static_cast<T> does for these only (uint8 travels as int32).
  ImageProjectiveTransformV3: (attr) => (![1, 3, 4, 19].includes(attr.dtype?.type ?? 1) ? `dtype=${typeName(attr.dtype!.type!)}` : undefined),
  FusedBatchNorm: batchNorm,
  FusedBatchNormV2: batchNorm,
  FusedBatchNormV3: batchNorm,
  Bitcast: bitcastTypes,
  Einsum: (attr) => {
    parseEinsumEquation(new TextDecoder().decode(attr.equation?.s ?? new Uint8Array()));
    return floatOnly('T')(attr);
  },
  BatchMatMul: floatOnly('T'),
  BatchMatMulV2: floatOnly('T'),
  BatchMatMulV3: floatOnly('Ta', 'Tb', 'Tout'),
  Erf: floatOnly('T'),
  Erfc: floatOnly('T'),
  // TF 2.21's Round on integers returns 0 for every element (op sweep; a TF bug): refused rather than copied.
  Round: (attr) => (INTEGERS.has(attr.T?.type ?? 1) ? `T=${typeName(attr.T!.type!)}` : undefined),
  // Add on strings concatenates in TF; tfjs has no string Add.
  Add: (attr) => (attr.T?.type === 7 ? 'T=string' : undefined),
  AddV2: (attr) => (attr.T?.type === 7 ? 'T=string' : undefined),
  // half / bfloat16 → 8/16-bit ints: TF 2.21's answer depends on the tensor's length and the CPU (a vectorised
  // path saturates, the scalar tail wraps: -1.5 → uint8 0 among the first 16 elements, 255 after).
  // TF's unsorted TopK order is its partial sort's; ours would differ.
  TopKV2: (attr) => (attr.sorted?.b === false ? 'sorted=false' : undefined),
  // integer EuclideanNorm (TF: integer sqrt of the integer sum) is not implemented.
  EuclideanNorm: (attr) => (INTEGERS.has(attr.T?.type ?? 1) ? `T=${typeName(attr.T!.type!)}` : undefined),
  ...Object.fromEntries(['Conv2D', 'Conv3D', 'Conv2DBackpropInput', 'MaxPool', 'AvgPool', 'MaxPool3D', 'AvgPool3D', 'BiasAdd'].map((op) => [op, convLike])),
  DepthwiseConv2dNative: depthwise,
  // tfjs's DepthToSpace takes float32 only.
  DepthToSpace: (attr) => (attr.T?.type !== undefined && ![1, 19, 14].includes(attr.T.type) ? `T=${typeName(attr.T.type)}` : undefined),
  // wasm's ReverseV2 on bool writes out of bounds; GatherNd on strings aborts the wasm module.
  ReverseV2: (attr) => (attr.T?.type === 10 ? 'T=bool' : undefined),
  Reverse: (attr) => (attr.T?.type === 10 ? 'T=bool' : undefined),
  // TF 2.21 registers no half Where kernel that runs (UnimplementedError at run time).
  Where: (attr) => (attr.T?.type === 19 ? 'T=float16' : undefined),
  // tfjs's setdiff1d takes numbers only.
  ListDiff: (attr) => (attr.T?.type === 7 ? 'T=string' : undefined),
  GatherNd: (attr) => (attr.Tparams?.type === 7 ? 'Tparams=string' : undefined),
  // random.ts draws float32 (carrying half / bfloat16 too); a float64 draw would only have float32's precision.
  RandomStandardNormal: (attr) => (attr.dtype?.type === 2 ? 'dtype=float64' : undefined),
  TruncatedNormal: (attr) => (attr.dtype?.type === 2 ? 'dtype=float64' : undefined),
  Multinomial: (attr) => (attr.T?.type === 2 ? 'T=float64' : undefined),
  Cast: (attr) => ([14, 19].includes(attr.SrcT?.type ?? 0) && NARROW.has(attr.DstT?.type ?? 0) ? `SrcT=${typeName(attr.SrcT!.type!)}, DstT=${typeName(attr.DstT!.type!)}` : undefined),
};

/** Checks that need the whole node and word their own message (static regexes are translated from RE2 at load). */
const NODE_CHECKS: Record<string, (node: NodeDefMessage) => void> = {
  StaticRegexReplace: checkRegexNode,
  StaticRegexFullMatch: checkRegexNode,
};

/** Throws UNIMPLEMENTED (or INVALID_ARGUMENT for a malformed attr) when `node` is outside its op's verified ground. */
export function checkOpAttrs(node: NodeDefMessage, where: string): void {
  NODE_CHECKS[node.op]?.(node);
  const check = CHECKS[node.op];
  let why: string | undefined;
  try {
    why = check?.(node.attr ?? {}) ?? uint32Anywhere(node.attr ?? {}) ?? noTfKernel(node.op, node.attr ?? {});
  } catch (e) {
    if (e instanceof ServingError) throw new ServingError(e.code, `${where}: node '${node.name}': ${e.message}`);
    throw e;
  }
  if (why) throw new ServingError('UNIMPLEMENTED', `${where}: op '${node.op}' (node '${node.name}') with ${why} is not supported by the portable engine`);
}
