import type { FromPushOptions } from '@siphon/core';
import { describeValue } from './describe.js';

/**
 * Checks push-bridge options up front, so a mistake names the function the caller called rather than the
 * core's `fromPush` it is handed to.
 */
export function assertPushOptions(options: unknown, caller: string): asserts options is FromPushOptions {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${caller}: options must be an object, got ${describeValue(options)}`);
  }
  const { highWaterMark, overflow, signal } = options as Record<string, unknown>;
  if (highWaterMark !== undefined) {
    if (typeof highWaterMark !== 'number') {
      throw new TypeError(`${caller}: options.highWaterMark must be a number, got ${describeValue(highWaterMark)}`);
    }
    if (!(Number.isInteger(highWaterMark) || highWaterMark === Infinity) || highWaterMark < 1) {
      throw new RangeError(
        `${caller}: options.highWaterMark must be a whole number ≥ 1 or Infinity, got ${String(highWaterMark)}`,
      );
    }
  }
  if (overflow !== undefined && overflow !== 'error' && overflow !== 'drop-oldest' && overflow !== 'drop-newest') {
    throw new RangeError(
      `${caller}: options.overflow must be 'error', 'drop-oldest' or 'drop-newest', got ${JSON.stringify(overflow)}`,
    );
  }
  if (signal !== undefined && !(typeof signal === 'object' && signal !== null && 'aborted' in signal)) {
    throw new TypeError(`${caller}: options.signal must be an AbortSignal, got ${describeValue(signal)}`);
  }
}
