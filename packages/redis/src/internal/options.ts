import { booleanOption, countOption, readOptions } from './core.js';
import { invalid, nonEmptyString } from './checks.js';

/** The function the user called, which its errors name. */
export const CALLER = 'fromRedisStream()';

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
  const o = readOptions(options, CALLER);
  const name = (key: string): string => nonEmptyString(o[key], CALLER, `options.${key}`);
  const whole = (key: string, fallback: number, min: number, allowInfinity?: boolean): number =>
    countOption(o, key, CALLER, min, allowInfinity) ?? fallback;
  const stream = name('stream');
  const group = name('group');
  const consumer = name('consumer');
  const count = whole('count', 100, 1);
  const blockMs = whole('blockMs', 5000, 0);
  const maxInFlight = whole('maxInFlight', 1000, 1);
  const claimIdleMs = whole('claimIdleMs', 60_000, 1, true);
  const maxDeliveries = whole('maxDeliveries', Infinity, 1, true);
  const deadLetter = o['deadLetter'] === undefined ? undefined : name('deadLetter');
  // maxDeliveries and deadLetter go together.
  if ((maxDeliveries === Infinity) !== (deadLetter === undefined)) {
    const needs = deadLetter === undefined ? 'is required with' : 'needs a finite';
    throw new TypeError(`${CALLER}: options.deadLetter ${needs} options.maxDeliveries`);
  }
  if (deadLetter === stream) {
    throw new RangeError(
      `${CALLER}: options.deadLetter must differ from options.stream, both are ${JSON.stringify(stream)}`,
    );
  }
  const createGroup = booleanOption(o, 'createGroup', CALLER) === true;
  const signal = o['signal'];
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw invalid(CALLER, 'options.signal', 'an AbortSignal', signal);
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
    createGroup,
    signal,
  };
}
