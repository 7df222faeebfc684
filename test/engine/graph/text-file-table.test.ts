// The table builder for InitializeTableFromTextFileV2, case by case against what TF 2.21 does with the same
// file (tf.lookup.TextFileInitializer + StaticHashTable; results and messages recorded from TensorFlow).
import { describe, expect, it } from 'vitest';
import { TableBuilder } from '../../../lib/engine/graph/table-contents.ts';
import { readTextFileTable, type TextFileTableOptions } from '../../../lib/engine/graph/text-file-table.ts';
import type { DType, HostTensor } from '../../../lib/tensor/host-tensor.ts';
import { isServingError } from '../../../lib/errors/index.ts';

const enc = new TextEncoder();
const TAB = enc.encode('\t');
const WORDS: Partial<TextFileTableOptions> = {};

function table(content: string | Uint8Array, o: Partial<TextFileTableOptions> = WORDS): { keys: HostTensor; values: HostTensor } {
  const options: TextFileTableOptions = {
    keyDtype: 'DT_STRING', valueDtype: 'DT_INT64', keyIndex: -2, valueIndex: -1, vocabSize: -1, delimiter: TAB, offset: 0, filename: '/m/assets/v.txt', ...o,
  };
  const builder = new TableBuilder(options.keyDtype, options.valueDtype);
  readTextFileTable(typeof content === 'string' ? enc.encode(content) : content, builder, options);
  return builder.pack();
}

/** The table as [key, value] pairs in packed (sorted) order, keys and string values as text. */
function entries(content: string, o?: Partial<TextFileTableOptions>): [string | bigint | number, string | bigint | number][] {
  const { keys, values } = table(content, o);
  const el = (t: HostTensor, i: number) => {
    const v = (t.data as ArrayLike<unknown>)[i];
    return v instanceof Uint8Array ? new TextDecoder().decode(v) : (v as bigint | number);
  };
  return Array.from({ length: keys.shape[0] }, (_, i) => [el(keys, i), el(values, i)]);
}

function errorOf(content: string, o?: Partial<TextFileTableOptions>): [string, string] {
  try {
    table(content, o);
  } catch (e) {
    if (isServingError(e)) return [e.code, e.message];
    throw e;
  }
  throw new Error('expected a ServingError');
}

describe('readTextFileTable', () => {
  it('maps each whole line to its line number, keys sorted by bytes', () => {
    expect(entries('the\ncat\nsat\non\nmat\ndog\n')).toEqual([['cat', 1n], ['dog', 5n], ['mat', 4n], ['on', 3n], ['sat', 2n], ['the', 0n]]);
  });

  it.each([
    ['CRLF line ends (one \\r before \\n is dropped)', 'a\r\nb\r\nc', [['a', 0n], ['b', 1n], ['c', 2n]]],
    ['a \\r inside a line, and a second \\r before \\n (kept)', 'a\rb\nc\r\r\nd', [['a\rb', 0n], ['c\r', 1n], ['d', 2n]]],
    ['a last line without \\n', 'x\ny', [['x', 0n], ['y', 1n]]],
    ['bytes above 0x7f, sorted as bytes', 'z\ncaf\u00e9\n\u00e0', [['caf\u00e9', 1n], ['z', 0n], ['\u00e0', 2n]]],
  ] as [string, string, [string, bigint][]][])('reads %s like TF', (_, content, want) => {
    expect(entries(content)).toEqual(want);
  });

  it('reads columns split on the delimiter, keeping empty columns', () => {
    expect(entries('x\t5\ny\t7\n', { keyIndex: 0, valueIndex: 1 })).toEqual([['x', 5n], ['y', 7n]]);
    expect(entries('a\t\tb\n', { keyIndex: 2, valueIndex: -1 })).toEqual([['b', 0n]]);
    expect(entries('a b c\nd e f\n', { keyIndex: 1, valueIndex: -1, delimiter: enc.encode(' ') })).toEqual([['b', 0n], ['e', 1n]]);
  });

  it('maps line numbers to whole lines (index_to_string), with int64 keys', () => {
    expect(entries('a\nb\n', { keyDtype: 'DT_INT64', keyIndex: -1, valueDtype: 'DT_STRING', valueIndex: -2 })).toEqual([[0n, 'a'], [1n, 'b']]);
  });

  it('parses integer keys from whole lines', () => {
    expect(entries('5\n7\n', { keyDtype: 'DT_INT64', keyIndex: -2 })).toEqual([[5n, 0n], [7n, 1n]]);
  });

  it('adds the offset to line numbers, and (as TF does) to int32 columns', () => {
    expect(entries('a\nb\n', { offset: 3 })).toEqual([['a', 3n], ['b', 4n]]);
    expect(entries('k\t5\n', { keyIndex: 0, valueIndex: 1, valueDtype: 'DT_INT32', offset: 10 })).toEqual([['k', 15]]);
  });

  it('parses int64 fields like safe_strto64 (whitespace, sign, leading zeros)', () => {
    expect(entries('a\t 5\nb\t5 \nc\t+5\nd\t-0\ne\t007\nf\t9223372036854775807\n', { keyIndex: 0, valueIndex: 1 }).map(([, v]) => v)).toEqual([5n, 5n, 5n, 0n, 7n, 9223372036854775807n]);
  });

  it('parses float fields like safe_strtof (inf, nan, hex, overflow to inf)', () => {
    const got = entries('a\t1.5\nb\t2e3\nc\tinf\nd\t-Infinity\ne\t0x1p3\nf\t1e40\ng\t.5\nh\tnan\n', { keyIndex: 0, valueIndex: 1, valueDtype: 'DT_FLOAT' }).map(([, v]) => v);
    expect(got).toEqual([1.5, 2000, Infinity, -Infinity, 8, Infinity, 0.5, NaN]);
  });

  it('reads only vocab_size lines when the file is longer', () => {
    expect(entries('a\nb\nc\n', { vocabSize: 2 })).toEqual([['a', 0n], ['b', 1n]]);
  });

  it('accepts a key repeated with the same value', () => {
    expect(entries('a\t1\na\t1\n', { keyIndex: 0, valueIndex: 1 })).toEqual([['a', 1n]]);
  });

  it.each([
    ['a duplicate key (line numbers differ)', 'a\nb\na\n', {}, ['FAILED_PRECONDITION', 'HashTable has different value for same key. Key a has 0 and trying to add value 2']],
    ['a duplicate int64 key with string values', '1\ta\n1\tb\n', { keyDtype: 'DT_INT64', keyIndex: 0, valueDtype: 'DT_STRING', valueIndex: 1 }, ['FAILED_PRECONDITION', 'HashTable has different value for same key. Key 1 has a and trying to add value b']],
    ['an empty line (position = bytes read so far)', 'a\n\nb\n', {}, ['INVALID_ARGUMENT', 'Invalid content in /m/assets/v.txt: empty line found at position 3.']],
    ['a line that is only \\r\\n', 'a\n\r\nb', {}, ['INVALID_ARGUMENT', 'Invalid content in /m/assets/v.txt: empty line found at position 4.']],
    ['a field that is no int64', 'x\t5z\ny\t7\n', { keyIndex: 0, valueIndex: 1 }, ['INVALID_ARGUMENT', 'Field 5z in line 0 is not a valid int64.']],
    ['hex in an int64 field', 'x\t0x10\n', { keyIndex: 0, valueIndex: 1 }, ['INVALID_ARGUMENT', 'Field 0x10 in line 0 is not a valid int64.']],
    ['an int64 overflow', 'x\t9223372036854775808\n', { keyIndex: 0, valueIndex: 1 }, ['INVALID_ARGUMENT', 'Field 9223372036854775808 in line 0 is not a valid int64.']],
    ['a field that is no float', 'x\t1,5\n', { keyIndex: 0, valueIndex: 1, valueDtype: 'DT_FLOAT' }, ['INVALID_ARGUMENT', 'Field 1,5 in line 0 is not a valid float.']],
    ['too few columns', 'x\n', { keyIndex: 0, valueIndex: 1 }, ['INVALID_ARGUMENT', 'Invalid number of columns in /m/assets/v.txt line 0 (x) : expected at least 2 got 1']],
    ['fewer lines than vocab_size', 'a\nb\nc\n', { vocabSize: 5 }, ['INVALID_ARGUMENT', 'Invalid vocab_size in /m/assets/v.txt: expected 5 but got 3']],
    ['an empty file', '', {}, ['OUT_OF_RANGE', 'Read less bytes than requested']],
    ['line numbers as string keys', 'a\n', { keyIndex: -1 }, ['INVALID_ARGUMENT', 'Key index for line number requires table key dtype of int64, got string']],
    ['a two-byte delimiter', 'a\n', { delimiter: enc.encode('::') }, ['INVALID_ARGUMENT', 'delimiter should be only 1 char']],
  ] as [string, string, Partial<TextFileTableOptions>, [string, string]][])('fails on %s with TF\'s error', (_, content, o, want) => {
    expect(errorOf(content, o)).toEqual(want);
  });

  it('reports the first error in file order: a duplicate before a bad line', () => {
    expect(errorOf('a\nb\na\n\n')[0]).toBe('FAILED_PRECONDITION');
    expect(errorOf('a\n\na\n')[0]).toBe('INVALID_ARGUMENT');
  });
});

describe('TableBuilder', () => {
  it.each([['DT_FLOAT', 'DT_INT64'], ['DT_STRING', 'DT_HALF']] as [DType, DType][])('refuses a %s -> %s table as UNIMPLEMENTED', (k, v) => {
    let err: unknown;
    try {
      new TableBuilder(k, v);
    } catch (e) {
      err = e;
    }
    expect(isServingError(err) && err.code).toBe('UNIMPLEMENTED');
  });
});
