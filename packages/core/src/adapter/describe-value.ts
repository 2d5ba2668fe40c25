import { describeValue as describe } from '../internal/describe.js';

/**
 * A short description of a value's type for error messages, as every Siphon error gives it: `string`,
 * `null`, `Array`, `Buffer`. Adapters use it so their messages read like the core's.
 *
 * @example
 * ```ts
 * throw new TypeError(`toThing(): options must be an object, got ${describeValue(options)}`);
 * ```
 */
export function describeValue(value: unknown): string {
  return describe(value);
}
