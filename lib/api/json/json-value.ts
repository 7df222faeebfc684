// The values lib/api/json-parse.ts builds: plain JS values plus two small classes that keep what
// TF Serving's RapidJSON DOM keeps and JSON.parse loses (a float lexeme's kind, duplicate and ordered keys).

/**
 * A whole-valued number written with a fraction or exponent (`80.0`, `1e2`). RapidJSON stores it as a
 * double, so TF Serving makes it a float_list feature and rejects it for integer tensors, unlike `80`.
 * Non-whole float lexemes stay plain numbers: they can never be confused with integers.
 */
export class FloatLiteral {
  constructor(readonly value: number) {}
}

/** A parsed JSON value. Integer lexemes beyond ±(2^53-1) are bigint (exact); NaN/Infinity tokens are numbers. */
export type JsonValue = null | boolean | number | bigint | string | FloatLiteral | JsonValue[] | JsonObject;

/**
 * A JSON object with every member in document order, duplicates included (RapidJSON keeps them all).
 * `get` returns the first member with the name, like RapidJSON's FindMember.
 */
export class JsonObject {
  readonly keys: string[] = [];
  readonly values: JsonValue[] = [];
  private index: Map<string, number> | undefined;

  /** Appends a member (the parser's only write). */
  add(key: string, value: JsonValue): void {
    this.keys.push(key);
    this.values.push(value);
    if (this.index && !this.index.has(key)) this.index.set(key, this.keys.length - 1);
  }

  /** Number of members, duplicates counted (RapidJSON's MemberCount). */
  get size(): number {
    return this.keys.length;
  }

  /** The first member named `key`, or undefined. */
  get(key: string): JsonValue | undefined {
    const keys = this.keys;
    if (keys.length <= 8) {
      for (let i = 0; i < keys.length; i++) if (keys[i] === key) return this.values[i];
      return undefined;
    }
    if (!this.index) {
      this.index = new Map();
      for (let i = keys.length - 1; i >= 0; i--) this.index.set(keys[i], i);
    }
    const i = this.index.get(key);
    return i === undefined ? undefined : this.values[i];
  }
}

/**
 * A JsonObject for an object value, or undefined. Objects from JSON.parse (the predict fast path) are plain
 * JS objects; they are wrapped on demand.
 */
export function asJsonObject(v: JsonValue | undefined): JsonObject | undefined {
  if (v instanceof JsonObject) return v;
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof FloatLiteral) return undefined;
  const o = new JsonObject();
  for (const key of Object.keys(v)) o.add(key, (v as unknown as Record<string, JsonValue>)[key]);
  return o;
}

/** RapidJSON's type name for a value, as TF Serving prints it ("Number", "String", "Array", …). */
export function jsonTypeString(v: JsonValue): string {
  if (v === null) return 'Null';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return 'String';
  if (Array.isArray(v)) return 'Array';
  if (v instanceof JsonObject) return 'Object';
  return 'Number';
}

/**
 * The number a JSON number holds, or undefined for non-numbers. bigint integers come back as the nearest double.
 */
export function jsonNumber(v: JsonValue): number | undefined {
  if (typeof v === 'number') return v;
  if (v instanceof FloatLiteral) return v.value;
  if (typeof v === 'bigint') return Number(v);
  return undefined;
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * True when RapidJSON stores the number as a double (kNumberFlag without an int flag): any lexeme with a
 * fraction/exponent, NaN/Infinity, and integers outside [-2^63, 2^64-1].
 */
export function isJsonDouble(v: JsonValue): boolean {
  if (typeof v === 'number') return !Number.isInteger(v);
  if (typeof v === 'bigint') return v < INT64_MIN || v > UINT64_MAX;
  return v instanceof FloatLiteral;
}
