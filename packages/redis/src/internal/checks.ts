import { describeValue } from '@siphon/core/adapter';

/** The one shape of this package's input errors: `<caller>: <what> must be <expected>, got <got>`. */
export function invalid(
  caller: string,
  what: string,
  expected: string,
  got: string,
  type: ErrorConstructor = TypeError,
): Error {
  return new type(`${caller}: ${what} must be ${expected}, got ${got}`);
}

/** Not `null`, and an object. */
export function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object';
}

/** A key or a name: a string, not empty. */
export function nonEmptyString(value: unknown, caller: string, what: string): string {
  if (typeof value === 'string' && value !== '') return value;
  throw invalid(caller, what, 'a non-empty string', value === '' ? 'an empty string' : describeValue(value));
}

/** A count or a duration: `fallback` when not set, else a whole number ≥ `min` (or `Infinity`, when allowed). */
export function wholeNumber(
  value: unknown,
  caller: string,
  what: string,
  fallback: number,
  min: number,
  allowInfinity = false,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw invalid(caller, what, 'a number', describeValue(value));
  if ((Number.isInteger(value) || (allowInfinity && value === Infinity)) && value >= min) return value;
  const range = `a whole number ≥ ${min}${allowInfinity ? ' or Infinity' : ''}`;
  throw invalid(caller, what, range, String(value), RangeError);
}
