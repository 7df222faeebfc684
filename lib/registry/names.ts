// Model names, version directory names and labels, checked before they become a path or an object key.
// TF Serving itself accepts any name; a name that reaches a file system or a bucket must not escape it
// ("..", "/", NUL), so the registry only takes a conservative charset.
import { ServingError } from '../errors/index.ts';

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$/;
const LABEL = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** A version directory: decimal digits, leading zeros allowed ("00000123" is version 123), fits int64. */
const VERSION_DIR = /^\d{1,19}$/;
const INT64_MAX = (1n << 63n) - 1n;

export function isValidModelName(name: string): boolean {
  return NAME.test(name) && name !== '.' && name !== '..' && !name.includes('..');
}

/** Throws INVALID_ARGUMENT unless `name` is safe as a path segment / key segment. */
export function checkModelName(name: string): string {
  if (!isValidModelName(name)) {
    throw new ServingError('INVALID_ARGUMENT', `Invalid model name ${JSON.stringify(name)}: use letters, digits, '_', '.', '-' (no '..', no '/')`);
  }
  return name;
}

export function isValidLabel(label: string): boolean {
  return LABEL.test(label) && !/^\d+$/.test(label);
}

export function checkLabel(label: string): string {
  if (!isValidLabel(label)) {
    throw new ServingError('INVALID_ARGUMENT', `Invalid version label ${JSON.stringify(label)}: use letters, digits, '_', '.', '-', not only digits`);
  }
  return label;
}

/** The version a directory name stands for, or undefined when the directory is not a version (TF Serving skips those). */
export function parseVersionDir(dirName: string): bigint | undefined {
  if (!VERSION_DIR.test(dirName)) return undefined;
  const v = BigInt(dirName);
  return v <= INT64_MAX ? v : undefined;
}

/** A version from user input ("3", 3n): a non-negative int64. */
export function checkVersion(v: string | number | bigint): bigint {
  const text = String(v);
  const parsed = /^\d+$/.test(text) ? BigInt(text) : -1n;
  if (parsed < 0n || parsed > INT64_MAX) throw new ServingError('INVALID_ARGUMENT', `Invalid version ${JSON.stringify(text)}: a non-negative integer`);
  return parsed;
}
