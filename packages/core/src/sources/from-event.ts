import { describeValue } from '../internal/describe.js';
import { hubFor } from '../internal/push/event-hub.js';
import { PushConsumer, releaseWhenDropped } from '../internal/push/push-consumer.js';
import { readPushOptions } from '../internal/push/push-settings.js';
import { PushSink } from '../internal/push/push-sink.js';
import { watchSignal } from '../internal/push/open-push-consumer.js';
import type { FromPushOptions, PushIterator } from './from-push.js';

/** A WHATWG `EventTarget`: DOM nodes, `WebSocket`, `AbortSignal`, `MessagePort`, Node's `EventTarget`. */
export interface EventTargetLike {
  addEventListener(type: string, listener: (event: any) => void): void;
  removeEventListener(type: string, listener: (event: any) => void): void;
}

/** An object with Node's `EventEmitter` shape: `on`/`off`, or `addListener`/`removeListener`. */
export type EventEmitterLike =
  | {
      on(name: string, listener: (...args: any[]) => void): unknown;
      off(name: string, listener: (...args: any[]) => void): unknown;
    }
  | {
      addListener(name: string, listener: (...args: any[]) => void): unknown;
      removeListener(name: string, listener: (...args: any[]) => void): unknown;
    };

/** Options for {@link fromEvent}. */
export interface FromEventOptions extends FromPushOptions {
  /** An event, or events, that end the iteration normally, e.g. `['end', 'close']`. */
  readonly close?: string | readonly string[];
  /**
   * An event, or events, that end the iteration with their first argument as the error. Defaults to
   * `'error'` for emitters (as Node's `events.on` does), and to none for an `EventTarget`. One emission of
   * an error event ends **every** consumer of that target that listens to it, as it would end every
   * `events.on` iterator; pass `error: []` for consumers that must outlive a failure reported on the hub.
   */
  readonly error?: string | readonly string[];
}

/**
 * Pulls the events named `name` from an `EventTarget` or an `EventEmitter`-like object, through a
 * bounded buffer. An `EventTarget` yields the `Event` objects; an emitter yields each emission's first
 * argument.
 *
 * All consumers of one target and event share a single listener, so a hub with thousands of consumers
 * holds one listener per event name (no `MaxListenersExceededWarning`), and they come and go in constant
 * time each; `consumerCount(target, name)` tells how many there are. Unlike Node's `events.on()`, the
 * iterator lets go of the target as soon as it ends, and one that its owner drops without closing is
 * garbage-collected and leaves by itself.
 *
 * `pull(fromEvent(…), filter)` runs an all-synchronous pipeline as each event arrives: delivering to a
 * consumer that is not waiting is the filter's step and a buffer write, and `drain()` takes what is
 * ready. A consumer whose `for await` loop never ends is kept alive by its waiting `next()`, correctly:
 * bind each loop to its owner's lifetime with `signal` or `return()`.
 *
 * @example
 * ```ts
 * for await (const line of pull(fromEvent<string>(hub, 'data', { close: 'end' }), lines())) {
 *   if (line === 'QUIT') break; // leaves the hub at once
 * }
 * ```
 */
export function fromEvent<T = unknown>(
  target: EventTargetLike | EventEmitterLike,
  name: string,
  options?: FromEventOptions,
): PushIterator<T> {
  if (typeof name !== 'string') {
    throw new TypeError(`fromEvent(): name must be a string, got ${describeValue(name)}`);
  }
  const { settings, signal } = readPushOptions(options, 'fromEvent()');
  const closeEvents = eventNames(options?.close, 'close');
  const errorEvents = eventNames(options?.error, 'error');
  const hub = hubFor(target, name, closeEvents, errorEvents, 'fromEvent()');
  const sink = new PushSink(settings);
  const consumer = new PushConsumer<T>(sink);
  if (signal?.aborted === true) {
    sink.abortWith(signal.reason);
    return consumer;
  }
  releaseWhenDropped(consumer, hub.add(sink));
  if (signal !== undefined) watchSignal(sink, signal);
  return consumer;
}

function eventNames(value: unknown, option: string): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((event) => typeof event === 'string')) return value as string[];
  const got = Array.isArray(value)
    ? `an Array with a ${describeValue(value.find((e) => typeof e !== 'string'))}`
    : describeValue(value);
  throw new TypeError(`fromEvent(): options.${option} must be an event name or an array of them, got ${got}`);
}
