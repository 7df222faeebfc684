// Catches the ServingError a call throws, so tests can check its code and message.
import { type ServingError, isServingError } from '../../lib/errors/index.ts';

/** The ServingError `fn` throws; fails the test when it throws nothing or another kind of error. */
export function servingErrorOf(fn: () => unknown): ServingError {
  try {
    fn();
  } catch (e) {
    if (isServingError(e)) return e;
    throw e;
  }
  throw new Error('expected a ServingError, but nothing was thrown');
}
