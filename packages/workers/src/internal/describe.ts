/**
 * A short description of a value's type for error messages: `string`, `null`, `Array`, `Buffer`. The
 * worker entry's copy of core's `describeValue`: it imports no value from `@siphon/core` statically (see
 * worker-entry.ts); the main thread uses core's.
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? name : 'object';
}
