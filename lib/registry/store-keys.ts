// Checks for the parts of a store location that names.ts does not cover: version directory names as
// given to a store, relative file paths inside a version, and model-level document names.
// Each throws INVALID_ARGUMENT before the value becomes an object key or a file path.
import { ServingError } from '../errors/index.ts';
import { isValidModelName, parseVersionDir } from './names.ts';

/** A version directory name ("3", "00000003"): digits only, so never "..", "a/b" or "%2e%2e". */
export function checkVersionDirName(dirName: string): string {
  if (parseVersionDir(dirName) === undefined) {
    throw new ServingError('INVALID_ARGUMENT', `Invalid version directory ${JSON.stringify(dirName)}: a non-negative integer (leading zeros allowed)`);
  }
  return dirName;
}

/** Why `path` is not a safe relative POSIX path, or undefined when it is. */
export function relativePathProblem(path: string): string | undefined {
  if (path === '') return 'empty';
  if (path.startsWith('/')) return 'absolute';
  if (path.includes('\\')) return 'contains a backslash';
  if (/\p{Cc}/u.test(path)) return 'contains a control character';
  for (const segment of path.split('/')) {
    if (segment === '') return 'has an empty segment';
    if (segment === '.' || segment === '..') return `has a "${segment}" segment`;
  }
  return undefined;
}

/** A path inside a version directory, e.g. `variables/variables.index`: no "..", ".", empty segment, leading "/" or "\". */
export function checkRelativePath(path: string): string {
  const problem = relativePathProblem(path);
  if (problem) throw new ServingError('INVALID_ARGUMENT', `Invalid file path ${JSON.stringify(path)}: ${problem}`);
  return path;
}

/** A model-level document name (`manifest.json`): one segment with the model-name charset, never a version number. */
export function checkDocumentName(name: string): string {
  if (!isValidModelName(name) || parseVersionDir(name) !== undefined) {
    throw new ServingError('INVALID_ARGUMENT', `Invalid document name ${JSON.stringify(name)}: letters, digits, '_', '.', '-', not a version number`);
  }
  return name;
}
