import type { FromRedisStreamOptions } from '../from-redis-stream-options.js';
import { describeValue } from '@siphon/core/adapter';

const CALLER = 'fromRedisStream()';

/** The options of one source, checked, with their defaults. */
export interface StreamOptions {
  readonly stream: string;
  readonly group: string;
  readonly consumer: string;
  readonly count: number;
  readonly blockMs: number;
  readonly maxInFlight: number;
  readonly claimIdleMs: number;
  readonly maxDeliveries: number;
  readonly deadLetter: string | undefined;
  readonly createGroup: boolean;
  readonly signal: AbortSignal | undefined;
}

export function checkOptions(options: unknown): StreamOptions {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${CALLER}: options must be an object, got ${describeValue(options)}`);
  }
  const o = options as Partial<Record<keyof FromRedisStreamOptions, unknown>>;
  const stream = name(o.stream, 'stream');
  const group = name(o.group, 'group');
  const consumer = name(o.consumer, 'consumer');
  const count = whole(o.count, 'count', 100, 1);
  const blockMs = whole(o.blockMs, 'blockMs', 5000, 0);
  const maxInFlight = whole(o.maxInFlight, 'maxInFlight', 1000, 1);
  const claimIdleMs = whole(o.claimIdleMs, 'claimIdleMs', 60_000, 1, true);
  const maxDeliveries = whole(o.maxDeliveries, 'maxDeliveries', Infinity, 1, true);
  const deadLetter = o.deadLetter === undefined ? undefined : name(o.deadLetter, 'deadLetter');
  if (maxDeliveries !== Infinity && deadLetter === undefined) {
    throw new TypeError(`${CALLER}: options.deadLetter is required with options.maxDeliveries`);
  }
  if (deadLetter !== undefined && maxDeliveries === Infinity) {
    throw new TypeError(`${CALLER}: options.deadLetter needs a finite options.maxDeliveries`);
  }
  if (deadLetter === stream) {
    throw new RangeError(
      `${CALLER}: options.deadLetter must differ from options.stream, both are ${JSON.stringify(stream)}`,
    );
  }
  if (o.createGroup !== undefined && typeof o.createGroup !== 'boolean') {
    throw new TypeError(`${CALLER}: options.createGroup must be a boolean, got ${describeValue(o.createGroup)}`);
  }
  const signal = o.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(`${CALLER}: options.signal must be an AbortSignal, got ${describeValue(signal)}`);
  }
  return {
    stream,
    group,
    consumer,
    count,
    blockMs,
    maxInFlight,
    claimIdleMs,
    maxDeliveries,
    deadLetter,
    createGroup: o.createGroup === true,
    signal,
  };
}

function name(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') {
    const got = typeof value === 'string' ? 'an empty string' : describeValue(value);
    throw new TypeError(`${CALLER}: options.${what} must be a non-empty string, got ${got}`);
  }
  return value;
}

function whole(value: unknown, what: string, fallback: number, min: number, allowInfinity = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') {
    throw new TypeError(`${CALLER}: options.${what} must be a number, got ${describeValue(value)}`);
  }
  if (!(Number.isInteger(value) || (allowInfinity && value === Infinity)) || value < min) {
    const range = allowInfinity ? `a whole number ≥ ${min} or Infinity` : `a whole number ≥ ${min}`;
    throw new RangeError(`${CALLER}: options.${what} must be ${range}, got ${String(value)}`);
  }
  return value;
}
