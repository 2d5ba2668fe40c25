import { describeValue } from './core.js';

/**
 * The one shape of this package's input errors: `<caller>: <what> must be <expected>, got <got>`, where
 * `got` is the value's type unless given.
 */
export function invalid(
  caller: string,
  what: string,
  expected: string,
  value: unknown,
  got: string = describeValue(value),
): TypeError {
  return new TypeError(`${caller}: ${what} must be ${expected}, got ${got}`);
}

/** Not `null`, and an object. */
export function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object';
}

/** A key or a name: a string, not empty. */
export function nonEmptyString(value: unknown, caller: string, what: string): string {
  if (typeof value === 'string' && value !== '') return value;
  throw invalid(caller, what, 'a non-empty string', value, value === '' ? 'an empty string' : undefined);
}
