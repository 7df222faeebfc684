// InitializeTableFromTextFile(V2): fills a table from a vocabulary file exactly as TensorFlow's
// TextFileLineIterator does (tensorflow/core/kernels/lookup_util.cc), messages included:
// - lines end at '\n'; one '\r' before it is dropped (io::InputBuffer::ReadLine); a last line without '\n' counts;
// - key_index / value_index: -2 = the whole line, -1 = the line number (+ offset), k >= 0 = column k of the line
//   split on a one-byte delimiter (empty columns kept);
// - vocab_size -1 reads every line; otherwise exactly that many lines are read (fewer is an error);
// - an empty line is an error; a duplicate key is an error only with a different value (HashTable::DoInsert).
// Checked against TF 2.21 (tf.lookup.TextFileInitializer), see test/engine/graph/text-file-table.test.ts.
import { ServingError } from '../../errors/index.ts';
import type { DType } from '../../tensor/index.ts';
import { TableBuilder, type TableElement } from './table-contents.ts';

export const WHOLE_LINE = -2;
export const LINE_NUMBER = -1;

export interface TextFileTableOptions {
  keyDtype: DType;
  valueDtype: DType;
  /** -2 whole line, -1 line number, k >= 0 column k */
  keyIndex: number;
  valueIndex: number;
  /** Lines to read; -1 = all. */
  vocabSize: number;
  /** Column separator: exactly one byte (the `delimiter` attr, default "\t"). */
  delimiter: Uint8Array;
  /** Added to line numbers (and, as in TF, to int32 columns). */
  offset: number;
  /** The file's path as TensorFlow would name it in messages. */
  filename: string;
}

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d]);
const invalid = (m: string) => new ServingError('INVALID_ARGUMENT', m);

/** Column splitting like str_util::Split(line, char): every delimiter starts a new column. */
function splitColumns(line: Uint8Array, delimiter: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i <= line.length; i++) {
    if (i === line.length || line[i] === delimiter) {
      out.push(line.subarray(start, i));
      start = i + 1;
    }
  }
  return out;
}

function trimmed(token: Uint8Array): string {
  let a = 0;
  let b = token.length;
  while (a < b && SPACE.has(token[a])) a++;
  while (b > a && SPACE.has(token[b - 1])) b--;
  return new TextDecoder().decode(token.subarray(a, b));
}

/** strings::safe_strto64 / safe_strto32: optional sign, decimal digits, surrounding whitespace, in range. */
function parseInteger(s: string, bits: 32 | 64): bigint | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const v = BigInt(s);
  return BigInt.asIntN(bits, v) === v ? v : undefined;
}

/** strings::safe_strtof / safe_strtod: decimal or hex floats, inf/infinity/nan; overflow gives ±inf. */
function parseFloating(s: string, dtype: 'DT_FLOAT' | 'DT_DOUBLE'): number | undefined {
  let v: number;
  const sign = s.startsWith('-') ? -1 : 1;
  const body = s.replace(/^[+-]/, '');
  if (/^(inf|infinity)$/i.test(body)) v = sign * Infinity;
  else if (/^nan$/i.test(body)) v = NaN;
  else if (/^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(body)) v = sign * Number(body);
  else {
    const hex = /^0x([0-9a-f]*)\.?([0-9a-f]*)(?:p([+-]?\d+))?$/i.exec(body);
    if (!hex || hex[1] + hex[2] === '') return undefined;
    const mantissa = parseInt(hex[1] + hex[2] || '0', 16);
    v = sign * mantissa * 2 ** (Number(hex[3] ?? 0) - 4 * hex[2].length);
  }
  return dtype === 'DT_FLOAT' ? Math.fround(v) : v;
}

/** TextFileLineIterator::SetValue for one key or value. */
function elementOf(line: Uint8Array, columns: Uint8Array[], index: number, dtype: DType, lineNo: number, offset: number): TableElement {
  if (index === LINE_NUMBER) return BigInt(lineNo + offset);
  const token = index === WHOLE_LINE ? line : columns[index];
  if (dtype === 'DT_STRING') return token;
  const text = trimmed(token);
  const raw = new TextDecoder().decode(token);
  switch (dtype) {
    case 'DT_INT64': {
      const v = parseInteger(text, 64);
      if (v === undefined) throw invalid(`Field ${raw} in line ${lineNo} is not a valid int64.`);
      return v;
    }
    case 'DT_INT32': {
      const v = parseInteger(text, 32);
      if (v === undefined) throw invalid(`Field ${raw} in line ${lineNo} is not a valid int32.`);
      return Number(BigInt.asIntN(32, v + BigInt(offset)));
    }
    case 'DT_FLOAT': case 'DT_DOUBLE': {
      const v = parseFloating(text, dtype);
      if (v === undefined) throw invalid(`Field ${raw} in line ${lineNo} is not a valid ${dtype === 'DT_FLOAT' ? 'float' : 'double'}.`);
      return v;
    }
    default: throw invalid(`Data type ${dtype.slice(3).toLowerCase()} not supported.`);
  }
}

/** lookup_util.cc InitializeTableFromTextFile: the index/dtype combinations TF accepts. */
function checkIndices(o: TextFileTableOptions): void {
  const integer = (d: DType) => d === 'DT_INT32' || d === 'DT_INT64';
  const name = (d: DType) => d.slice(3).toLowerCase();
  if (o.keyIndex === LINE_NUMBER && o.keyDtype !== 'DT_INT64') throw invalid(`Key index for line number requires table key dtype of int64, got ${name(o.keyDtype)}`);
  if (o.keyIndex === WHOLE_LINE && !integer(o.keyDtype) && o.keyDtype !== 'DT_STRING') throw invalid(`Key index for whole line requires string or integer table key, got ${name(o.keyDtype)}`);
  if (o.valueIndex === LINE_NUMBER && o.valueDtype !== 'DT_INT64') throw invalid(`Value index for line number requires table value dtype of int64, got ${name(o.valueDtype)}`);
  if (o.valueIndex === WHOLE_LINE && !integer(o.valueDtype) && o.valueDtype !== 'DT_STRING') throw invalid(`Value index for whole line requires table value dtype of integer or string, got ${name(o.valueDtype)}`);
  if (o.keyIndex < WHOLE_LINE || o.valueIndex < WHOLE_LINE) throw invalid(`Invalid key_index ${o.keyIndex} or value_index ${o.valueIndex}`);
  if (o.delimiter.length !== 1) throw invalid('delimiter should be only 1 char');
}

/**
 * Reads a vocabulary file into `table` (a TableBuilder of the table's dtypes).
 * @example readTextFileTable(bytes, builder, { keyDtype: 'DT_STRING', valueDtype: 'DT_INT64', keyIndex: -2, valueIndex: -1, vocabSize: -1, delimiter: TAB, offset: 0, filename })
 */
export function readTextFileTable(file: Uint8Array, table: TableBuilder, o: TextFileTableOptions): void {
  checkIndices(o);
  const splitNeeded = Math.max(o.keyIndex, o.valueIndex) >= 0;
  const need = Math.max(o.keyIndex, o.valueIndex) + 1;
  let pos = 0;
  let lineNo = 0;
  while (o.vocabSize === -1 || lineNo < o.vocabSize) {
    if (pos >= file.length) {
      // End of file: fine after at least one line (vocab_size -1); InputBuffer's OutOfRange on an empty file.
      if (o.vocabSize !== -1) throw invalid(`Invalid vocab_size in ${o.filename}: expected ${o.vocabSize} but got ${lineNo}`);
      if (lineNo === 0) throw new ServingError('OUT_OF_RANGE', 'Read less bytes than requested');
      return;
    }
    let end = file.indexOf(0x0a, pos);
    const next = end < 0 ? file.length : end + 1;
    if (end < 0) end = file.length;
    const line = file.subarray(pos, end > pos && file[end - 1] === 0x0d ? end - 1 : end);
    pos = next;
    if (line.length === 0) throw invalid(`Invalid content in ${o.filename}: empty line found at position ${pos}.`);
    const columns = splitNeeded ? splitColumns(line, o.delimiter[0]) : [];
    if (splitNeeded && columns.length < need) {
      throw invalid(`Invalid number of columns in ${o.filename} line ${lineNo} (${new TextDecoder().decode(line)}) : expected at least ${need} got ${columns.length}`);
    }
    const key = elementOf(line, columns, o.keyIndex, o.keyDtype, lineNo, o.offset);
    const value = elementOf(line, columns, o.valueIndex, o.valueDtype, lineNo, o.offset);
    table.insert(normalise(key, o.keyDtype), normalise(value, o.valueDtype));
    lineNo++;
  }
}

/** Line numbers come out as bigint; an int32 column keeps numbers. */
function normalise(v: TableElement, dtype: DType): TableElement {
  if (typeof v === 'bigint' && dtype !== 'DT_INT64') return Number(v);
  return v;
}
