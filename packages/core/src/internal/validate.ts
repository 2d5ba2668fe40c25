import { describeValue } from './describe.js';

export function assertFunction(value: unknown, caller: string, what: string): void {
  if (typeof value !== 'function') {
    throw new TypeError(`${caller}: ${what} must be a function, got ${describeValue(value)}`);
  }
}

/** A count such as `take(n)`: a whole number ≥ `min`, or `Infinity` when `allowInfinity`. */
export function assertCount(value: unknown, caller: string, what: string, min: number, allowInfinity = false): void {
  if (typeof value !== 'number') {
    throw new TypeError(`${caller}: ${what} must be a number, got ${describeValue(value)}`);
  }
  const whole = Number.isInteger(value) || (allowInfinity && value === Infinity);
  if (!whole || value < min) {
    const range = allowInfinity ? `a whole number ≥ ${min} or Infinity` : `a whole number ≥ ${min}`;
    throw new RangeError(`${caller}: ${what} must be ${range}, got ${String(value)}`);
  }
}

/** An options argument as read by {@link readOptions}: its keys, not yet checked. */
export type RawOptions = Readonly<Record<string, unknown>>;

const NO_OPTIONS: RawOptions = Object.freeze({});

/**
 * The one check of an options argument every public function makes: `undefined` means no options, and
 * anything but a plain object (`null`, a number, a string, an array, a function) is a `TypeError` naming
 * the function. Unknown keys are ignored, as Node's streams and WHATWG dictionaries ignore them: a typo
 * is for the type checker to catch. Each option is then read with {@link booleanOption} or
 * {@link countOption}, which check its type.
 */
export function readOptions(options: unknown, caller: string): RawOptions {
  if (options === undefined) return NO_OPTIONS;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${caller}: options must be an object, got ${describeValue(options)}`);
  }
  return options as RawOptions;
}

/** A boolean option: `undefined` when not set; anything but a boolean is a `TypeError`. */
export function booleanOption(options: RawOptions, name: string, caller: string): boolean | undefined {
  const value = options[name];
  if (value === undefined || typeof value === 'boolean') return value;
  throw new TypeError(`${caller}: options.${name} must be a boolean, got ${describeValue(value)}`);
}

/** A count option (see {@link assertCount}): `undefined` when not set. */
export function countOption(
  options: RawOptions,
  name: string,
  caller: string,
  min: number,
  allowInfinity = false,
): number | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  assertCount(value, caller, `options.${name}`, min, allowInfinity);
  return value as number;
}
