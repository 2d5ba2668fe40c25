import { describeValue } from '../describe.js';
import { countOption, readOptions } from '../validate.js';

/** How a full buffer treats new outputs: fail the consumer, or drop outputs and go on. */
export type Overflow = 'error' | 'drop-oldest' | 'drop-newest';

/** The options every push bridge takes (`fromPush`, `fromEvent`, `fromObservable`). */
export interface PushOptions {
  readonly highWaterMark?: number;
  readonly overflow?: Overflow;
  readonly signal?: AbortSignal;
}

/**
 * A push bridge's checked settings, shared by every consumer made with the same caller and buffer
 * options (one object for thousands of consumers, not one each); the signal is kept per consumer.
 */
export interface PushSettings {
  /** The function the user called, for error messages: `'fromEvent()'`. */
  readonly caller: string;
  readonly highWaterMark: number;
  readonly overflow: Overflow;
}

const shared = new Map<string, PushSettings>();
/** What {@link readPushOptions} returns. */
export interface PushRead {
  readonly settings: PushSettings;
  readonly signal: AbortSignal | undefined;
}

/**
 * What no options read as, by caller: looked up without building a key or a result, as most consumers
 * take the defaults (thousands attached to one hub at once).
 */
const defaults = new Map<string, PushRead>();

/** Checks push options, naming `caller` in every error; returns the shared settings and the signal. */
export function readPushOptions(options: unknown, caller: string): PushRead {
  if (options === undefined) return defaultsFor(caller);
  const raw = readOptions(options, caller);
  const highWaterMark = countOption(raw, 'highWaterMark', caller, 1, true) ?? 1024;
  const { overflow = 'error', signal } = raw as PushOptions;
  if (overflow !== 'error' && overflow !== 'drop-oldest' && overflow !== 'drop-newest') {
    throw new RangeError(
      `${caller}: options.overflow must be 'error', 'drop-oldest' or 'drop-newest', got ${JSON.stringify(overflow)}`,
    );
  }
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw new TypeError(`${caller}: options.signal must be an AbortSignal, got ${describeValue(signal)}`);
  }
  return { settings: settingsFor(caller, highWaterMark, overflow), signal };
}

function defaultsFor(caller: string): PushRead {
  let read = defaults.get(caller);
  if (read === undefined) {
    read = Object.freeze({ settings: settingsFor(caller, 1024, 'error'), signal: undefined });
    defaults.set(caller, read);
  }
  return read;
}

function settingsFor(caller: string, highWaterMark: number, overflow: Overflow): PushSettings {
  const key = `${caller}\u0000${highWaterMark}\u0000${overflow}`;
  let settings = shared.get(key);
  if (settings === undefined) {
    settings = Object.freeze({ caller, highWaterMark, overflow });
    // Bounded in practice (callers × distinct buffer options); a program that makes endless distinct
    // highWaterMarks would grow this, so stop caching past a generous size.
    if (shared.size < 256) shared.set(key, settings);
  }
  return settings;
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<AbortSignal>).aborted === 'boolean' &&
    typeof (value as Partial<AbortSignal>).addEventListener === 'function' &&
    typeof (value as Partial<AbortSignal>).removeEventListener === 'function'
  );
}
