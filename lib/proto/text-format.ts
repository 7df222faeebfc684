// Parser for protobuf TEXT format (saved_model.pbtxt, TF Serving's models.config), driven by protobufjs
// reflection; protobufjs itself reads only the binary and JSON forms (DESIGN.md §7). Grammar: the Text Format
// Language Specification (protobuf.dev/reference/protobuf/textformat-spec). Not a formatter.
import protobuf from 'protobufjs/light.js';
import { checkOptionKeys, ServingError } from '../errors/index.ts';
import { readScalar, toLong, type Slot } from './text-scalar.ts';
import { describe, TextTokenizer, type Token } from './text-tokenizer.ts';

export interface TextParseOptions {
  /** Skip fields the schema lacks (and Any payloads of unknown types) instead of failing. Default false. */
  allowUnknownFields?: boolean;
  /** Names the input in error messages, e.g. "models.config". Default "<text>". */
  fileName?: string;
}

/** Deepest message nesting accepted; protobufjs's own fromObject/decode limit is also 100. */
export const MAX_TEXT_NESTING = 100;

type Plain = Record<string, unknown>;
const OPTION_KEYS = new Set(['allowUnknownFields', 'fileName']);
const CLOSERS: Record<string, string> = { '{': '}', '<': '>' };
const ANY = '.google.protobuf.Any';

class TextParser {
  constructor(
    private readonly tok: TextTokenizer,
    private readonly allowUnknown: boolean,
  ) {}

  /** Reads fields into `out` until `close` (or end of input when `close` is null). */
  parseFields(type: protobuf.Type, out: Plain, depth: number, close: string | null): void {
    const seen = new Map<string, Token>();
    for (;;) {
      const t = this.tok.peek();
      if (close !== null && this.tok.at(close)) return void this.tok.next();
      if (t.kind === 'eof') {
        if (close === null) return;
        this.tok.fail(t, `Expected "${close}" but found end of input`);
      }
      if (t.kind === 'symbol' && (t.text === '}' || t.text === '>')) this.tok.fail(t, `Expected ${close ? `"${close}"` : 'field name'} but found ${describe(t)}`);
      this.parseField(type, out, depth, seen);
      if (!this.tok.tryConsume(';')) this.tok.tryConsume(',');
    }
  }

  private parseField(type: protobuf.Type, out: Plain, depth: number, seen: Map<string, Token>): void {
    const nameTok = this.tok.next();
    if (nameTok.kind === 'symbol' && nameTok.text === '[') return this.parseBracketed(type, out, depth, seen, nameTok);
    if (nameTok.kind !== 'ident') this.tok.fail(nameTok, `Expected field name but found ${describe(nameTok)}`);
    const name = nameTok.text;
    const field = Object.prototype.hasOwnProperty.call(type.fields, name) ? type.fields[name].resolve() : undefined;
    if (!field) {
      // Reserved names are ignored by text format (spec: Fields); others are errors unless allowed.
      if (!type.isReservedName(name) && !this.allowUnknown) {
        this.tok.fail(nameTok, `Message type "${typeName(type)}" has no field named "${name}"`);
      }
      return this.skipFieldValue(depth);
    }
    const owner = `message type "${typeName(type)}"`;
    if (!field.repeated && !field.map) markSingular(this.tok, field, nameTok, seen, type);
    if (field.map) {
      const map = (out[name] ??= {}) as Plain;
      this.tok.tryConsume(':');
      this.forEachValue(field, () => {
        const [key, value] = this.parseMapEntry(field as unknown as protobuf.MapField, depth, owner);
        map[key] = value;
      });
    } else if (field.resolvedType instanceof protobuf.Type) {
      const msgType = field.resolvedType;
      this.tok.tryConsume(':');
      this.forEachValue(field, () => store(out, field, this.parseMessageValue(msgType, depth)));
    } else {
      this.tok.expect(':');
      this.forEachValue(field, () => store(out, field, readScalar(this.tok, field, owner)));
    }
  }

  /** Calls `read` once, or once per element of a `[a, b]` list (repeated and map fields only). */
  private forEachValue(field: protobuf.Field, read: () => void): void {
    const open = this.tok.peek();
    if (!this.tok.tryConsume('[')) return read();
    if (!field.repeated && !field.map) this.tok.fail(open, `Non-repeated field "${field.name}" cannot use the list syntax`);
    if (this.tok.tryConsume(']')) return;
    do read();
    while (this.tok.tryConsume(','));
    this.tok.expect(']');
  }

  /** `{ … }` or `< … >`, parsed as `type`. */
  private parseMessageValue(type: protobuf.Type, depth: number): Plain {
    const close = this.open(depth);
    const obj: Plain = {};
    this.parseFields(type, obj, depth + 1, close);
    return obj;
  }

  /** Consumes `{` or `<`, enforcing the nesting cap; returns the matching closer. */
  private open(depth: number): string {
    const t = this.tok.next();
    const close = t.kind === 'symbol' ? CLOSERS[t.text] : undefined;
    if (!close) this.tok.fail(t, `Expected "{" or "<" but found ${describe(t)}`);
    if (depth + 1 > MAX_TEXT_NESTING) this.tok.fail(t, `Message nesting is deeper than ${MAX_TEXT_NESTING} levels`);
    return close;
  }

  /** One map entry `{ key: … value: … }`; either may be omitted (zero value). Returns the protobufjs object key. */
  private parseMapEntry(field: protobuf.MapField, depth: number, owner: string): [string, unknown] {
    const close = this.open(depth);
    const keySlot: Slot = { name: 'key', type: field.keyType, resolvedType: null };
    const valueType = field.resolvedType;
    const entry = `map entry of field "${field.name}" of ${owner}`;
    let key: unknown = undefined;
    let value: unknown = undefined;
    while (!this.tok.tryConsume(close)) {
      const t = this.tok.next();
      if (t.kind === 'eof') this.tok.fail(t, `Expected "${close}" but found end of input`);
      if (t.kind !== 'ident' || (t.text !== 'key' && t.text !== 'value')) this.tok.fail(t, `Expected "key" or "value" in ${entry} but found ${describe(t)}`);
      if ((t.text === 'key' ? key : value) !== undefined) this.tok.fail(t, `Non-repeated field "${t.text}" is specified multiple times`);
      if (t.text === 'key') {
        this.tok.expect(':');
        key = readScalar(this.tok, keySlot, entry);
      } else if (valueType instanceof protobuf.Type) {
        this.tok.tryConsume(':');
        value = this.parseMessageValue(valueType, depth + 1);
      } else {
        this.tok.expect(':');
        value = readScalar(this.tok, { name: 'value', type: field.type, resolvedType: valueType }, entry);
      }
      if (!this.tok.tryConsume(';')) this.tok.tryConsume(',');
    }
    return [mapKey(key ?? zeroValue(field.keyType, null)), value ?? zeroValue(field.type, valueType)];
  }

  /** `[type.googleapis.com/pkg.Msg] { … }` inside an Any; `[pkg.ext]` extensions are not supported. */
  private parseBracketed(type: protobuf.Type, out: Plain, depth: number, seen: Map<string, Token>, open: Token): void {
    let name = '';
    for (let t = this.tok.next(); !(t.kind === 'symbol' && t.text === ']'); t = this.tok.next()) {
      if (t.kind !== 'ident' && !(t.kind === 'symbol' && (t.text === '.' || t.text === '/'))) {
        this.tok.fail(t, `Expected "]" but found ${describe(t)}`);
      }
      name += t.text;
    }
    const slash = name.lastIndexOf('/');
    const inner = slash >= 0 && type.fullName === ANY ? lookupMessage(type.root, name.slice(slash + 1)) : null;
    if (!inner) {
      if (!this.allowUnknown) {
        const what = slash < 0 ? `Extension "[${name}]" is` : type.fullName === ANY ? `Any expansion of unknown type "${name.slice(slash + 1)}" is` : `Any expansion "[${name}]" is only allowed in google.protobuf.Any, and`;
        this.tok.fail(open, `${what} not supported in message type "${typeName(type)}"`);
      }
      return this.skipFieldValue(depth);
    }
    if (seen.has('type_url') || seen.has('value')) this.tok.fail(open, `Any message "${typeName(type)}" is specified more than once`);
    seen.set('type_url', open).set('value', open);
    this.tok.tryConsume(':');
    const payload = inner.fromObject(this.parseMessageValue(inner, depth));
    out.type_url = name;
    out.value = inner.encode(payload).finish();
  }

  /** Skips an unknown field's value (after its name): scalar, string, message or list of them. */
  private skipFieldValue(depth: number): void {
    this.tok.tryConsume(':');
    if (!this.tok.tryConsume('[')) return this.skipValue(depth);
    if (this.tok.tryConsume(']')) return;
    do this.skipValue(depth);
    while (this.tok.tryConsume(','));
    this.tok.expect(']');
  }

  private skipValue(depth: number): void {
    const t = this.tok.peek();
    if (t.kind === 'symbol' && t.text in CLOSERS) {
      const close = this.open(depth);
      while (!this.tok.tryConsume(close)) {
        const n = this.tok.next();
        if (n.kind === 'symbol' && n.text === '[') {
          while (!this.tok.tryConsume(']')) if (this.tok.next().kind === 'eof') this.tok.fail(n, 'Expected "]" but found end of input');
        } else if (n.kind !== 'ident') {
          this.tok.fail(n, `Expected ${n.kind === 'eof' ? `"${close}"` : 'field name'} but found ${describe(n)}`);
        }
        this.skipFieldValue(depth + 1);
        if (!this.tok.tryConsume(';')) this.tok.tryConsume(',');
      }
    } else if (t.kind === 'string') {
      while (this.tok.peek().kind === 'string') this.tok.next();
    } else {
      this.tok.tryConsume('-');
      const v = this.tok.next();
      if (v.kind !== 'ident' && v.kind !== 'int' && v.kind !== 'float') this.tok.fail(v, `Expected a value but found ${describe(v)}`);
    }
  }
}

function typeName(type: protobuf.Type): string {
  return type.fullName.replace(/^\./, '');
}

/** Rejects a second value for a singular field, or a second member of a oneof. */
function markSingular(tok: TextTokenizer, field: protobuf.Field, at: Token, seen: Map<string, Token>, type: protobuf.Type): void {
  if (seen.has(field.name)) tok.fail(at, `Non-repeated field "${field.name}" is specified multiple times`);
  const other = field.partOf?.fieldsArray.find((f) => f !== field && seen.has(f.name));
  if (other) {
    tok.fail(at, `Field "${field.name}" is specified along with field "${other.name}", another member of oneof "${field.partOf!.name}" of message type "${typeName(type)}"`);
  }
  seen.set(field.name, at);
}

function store(out: Plain, field: protobuf.Field, value: unknown): void {
  if (field.repeated) ((out[field.name] ??= []) as unknown[]).push(value);
  else out[field.name] = value;
}

/** Map keys as protobufjs decode makes them: strings as-is, numbers/bools stringified, 64-bit via longToHash. */
function mapKey(key: unknown): string {
  if (typeof key === 'object' && key !== null) return protobuf.util.longToHash(key as protobuf.Long);
  return String(key);
}

/** The zero value of a map key or value type that the entry left out. */
function zeroValue(type: string, resolved: protobuf.Type | protobuf.Enum | null): unknown {
  if (resolved instanceof protobuf.Type) return {};
  if (resolved instanceof protobuf.Enum) return 0;
  if (type === 'string') return '';
  if (type === 'bytes') return protobuf.util.newBuffer(0);
  if (type === 'bool') return false;
  if (type.endsWith('64')) return toLong(0n, type === 'uint64' || type === 'fixed64');
  return 0;
}

function lookupMessage(root: protobuf.Root, name: string): protobuf.Type | null {
  const found = /^[A-Za-z_][\w.]*$/.test(name) ? root.lookup(name) : null;
  return found instanceof protobuf.Type && found.fullName === `.${name}` ? found : null;
}

/**
 * Parses protobuf text format into a message of `type`, shaped like `type.decode()` of the binary form
 * (int64 as Long, bytes as Uint8Array, enums as numbers, maps keyed by string).
 * Throws ServingError INVALID_ARGUMENT naming file, line and column, e.g.
 * `models.config:3:12: Expected "}" but found end of input (line 3, column 12)`.
 * @example
 * const config = parseTextProto(protoType('tensorflow.serving.ModelServerConfig'),
 *   'model_config_list { config { name: "m" base_path: "/models/m" model_platform: "tensorflow" } }',
 *   { fileName: 'models.config' });
 */
export function parseTextProto(type: protobuf.Type, text: string, options: TextParseOptions = {}): protobuf.Message {
  checkOptionKeys(options, OPTION_KEYS, 'parseTextProto', (key) => `Unknown parseTextProto option "${key}"`);
  const tok = new TextTokenizer(text.startsWith('\uFEFF') ? text.slice(1) : text, options.fileName ?? '<text>');
  const out: Plain = {};
  new TextParser(tok, options.allowUnknownFields ?? false).parseFields(type, out, 0, null);
  return type.fromObject(out);
}
