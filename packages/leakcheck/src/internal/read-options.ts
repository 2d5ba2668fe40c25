import { describeValue } from './describe.js';

/** Validated options with their defaults filled in. */
export interface ResolvedOptions {
  readonly rounds: number;
  readonly retainerPath: boolean;
}

const DEFAULT_ROUNDS = 10;

/** Checks the options every export accepts; `caller` names the function in error messages. */
export function readOptions(options: unknown, caller: string): ResolvedOptions {
  if (options === undefined) return { rounds: DEFAULT_ROUNDS, retainerPath: true };
  // As in every Siphon package: anything but a plain object is refused; unknown keys are ignored.
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${caller}: options must be an object, got ${describeValue(options)}`);
  }
  const { rounds = DEFAULT_ROUNDS, retainerPath = true } = options as { rounds?: unknown; retainerPath?: unknown };
  if (typeof rounds !== 'number') {
    throw new TypeError(`${caller}: options.rounds must be a number, got ${describeValue(rounds)}`);
  }
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new RangeError(`${caller}: options.rounds must be a whole number ≥ 1, got ${String(rounds)}`);
  }
  if (typeof retainerPath !== 'boolean') {
    throw new TypeError(`${caller}: options.retainerPath must be a boolean, got ${describeValue(retainerPath)}`);
  }
  return { rounds, retainerPath };
}

/** Throws unless `value` is a function. */
export function assertFunction(value: unknown, caller: string, what: string): void {
  if (typeof value !== 'function') {
    throw new TypeError(`${caller}: ${what} must be a function, got ${describeValue(value)}`);
  }
}

/** Throws unless `value` can be held weakly (an object or a function). */
export function assertWeakTarget(value: unknown, caller: string, what: string): asserts value is object {
  if ((typeof value !== 'object' || value === null) && typeof value !== 'function') {
    throw new TypeError(`${caller}: ${what} must be an object or a function, got ${describeValue(value)}`);
  }
}
