// The core's own option checks, under public names: an adapter that uses them ships no checks of its own
// (0.2–0.3 KB less each for @siphon/redis and @siphon/workers, measured with scripts/check-size.ts), and
// its messages read as the core's do.
import { booleanOption as readBoolean, countOption as readCount, readOptions as read } from '../internal/validate.js';

/** An options argument as {@link readOptions} returns it: its keys, each still to be checked. */
export type AdapterOptions = Readonly<Record<string, unknown>>;

/**
 * Checks an options argument as every core function does, naming `caller` (the function the user
 * called): `undefined` means no options; anything but an object (`null`, a number, a string, an array,
 * a function) is a `TypeError` (`toThing(): options must be an object, got Array`). Unknown keys are
 * ignored. Read each option with {@link countOption} or {@link booleanOption}, or check it yourself.
 *
 * @example
 * ```ts
 * export function toThing(options?: ToThingOptions): Thing {
 *   const raw = readOptions(options, 'toThing()');
 *   return new Thing(countOption(raw, 'size', 'toThing()', 1) ?? 16, booleanOption(raw, 'loose', 'toThing()') ?? false);
 * }
 * ```
 */
export function readOptions(options: unknown, caller: string): AdapterOptions {
  return read(options, caller);
}

/**
 * A count option, as the core's own (`batch(n)`, `concurrency`) are checked: `undefined` when not set;
 * anything but a number is a `TypeError`, a number that is not whole or is below `min` a `RangeError`
 * (`toThing(): options.size must be a whole number ≥ 1, got 0.5`). With `allowInfinity`, `Infinity`
 * is accepted too (and named in the message: `a whole number ≥ 1 or Infinity`).
 *
 * @example
 * ```ts
 * const size = countOption(readOptions(options, 'toThing()'), 'size', 'toThing()', 1) ?? 16;
 * ```
 */
export function countOption(
  options: AdapterOptions,
  name: string,
  caller: string,
  min: number,
  allowInfinity?: boolean,
): number | undefined {
  return readCount(options, name, caller, min, allowInfinity);
}

/**
 * A boolean option: `undefined` when not set; anything but a boolean is a `TypeError`
 * (`toThing(): options.loose must be a boolean, got string`).
 *
 * @example
 * ```ts
 * const loose = booleanOption(readOptions(options, 'toThing()'), 'loose', 'toThing()') ?? false;
 * ```
 */
export function booleanOption(options: AdapterOptions, name: string, caller: string): boolean | undefined {
  return readBoolean(options, name, caller);
}
