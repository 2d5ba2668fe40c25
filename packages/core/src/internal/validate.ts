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
