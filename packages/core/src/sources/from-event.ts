import { describeValue } from '../internal/describe.js';
import { fromPush, readOptions, type FromPushOptions, type PushIterator, type PushObserver } from './from-push.js';

/** A WHATWG `EventTarget`: DOM nodes, `WebSocket`, `AbortSignal`, `MessagePort`, Node's `EventTarget`. */
export interface EventTargetLike {
  addEventListener(type: string, listener: (event: any) => void): void;
  removeEventListener(type: string, listener: (event: any) => void): void;
}

/** An object with Node's `EventEmitter` shape: `on`/`off`, or `addListener`/`removeListener`. */
export type EventEmitterLike =
  | { on(name: string, listener: (...args: any[]) => void): unknown; off(name: string, listener: (...args: any[]) => void): unknown }
  | {
      addListener(name: string, listener: (...args: any[]) => void): unknown;
      removeListener(name: string, listener: (...args: any[]) => void): unknown;
    };

/** Options for {@link fromEvent}. */
export interface FromEventOptions extends FromPushOptions {
  /** Events that end the iteration normally, e.g. `['end', 'close']`. */
  readonly close?: readonly string[];
  /**
   * Events that end the iteration with their first argument as the error. Defaults to `['error']` for
   * emitters (as Node's `events.on` does), and to none for an `EventTarget`.
   */
  readonly error?: readonly string[];
}

/**
 * Pulls the events named `name` from an `EventTarget` or an `EventEmitter`-like object, through
 * `fromPush`'s bounded buffer. An `EventTarget` yields the `Event` objects; an emitter yields each
 * emission's first argument.
 *
 * Unlike Node's `events.on()`, the iterator lets go of the target as soon as it ends, and one that its
 * owner drops without closing is garbage-collected and removes its listeners by itself: a long-lived hub
 * never accumulates listeners or queues for consumers that are gone.
 *
 * @example
 * ```ts
 * for await (const line of pull(fromEvent<string>(hub, 'data', { close: ['end'] }), lines())) {
 *   if (line === 'QUIT') break; // removes the listeners at once
 * }
 * ```
 */
export function fromEvent<T = unknown>(
  target: EventTargetLike | EventEmitterLike,
  name: string,
  options: FromEventOptions = {},
): PushIterator<T> {
  if (typeof name !== 'string') {
    throw new TypeError(`fromEvent(): name must be a string, got ${describeValue(name)}`);
  }
  readOptions(options, 'fromEvent()');
  const listen = listenerApi(target);
  const closeEvents = options.close ?? [];
  const errorEvents = options.error ?? (listen.kind === 'emitter' && name !== 'error' ? ['error'] : []);
  return fromPush<T>(subscribeTo(listen, name, closeEvents, errorEvents), options);
}

interface ListenerApi {
  readonly kind: 'target' | 'emitter';
  add(name: string, listener: (...args: any[]) => void): void;
  remove(name: string, listener: (...args: any[]) => void): void;
}

function listenerApi(target: unknown): ListenerApi {
  const t = target as Record<string, unknown> | null;
  if (t !== null && typeof t === 'object') {
    if (typeof t.addEventListener === 'function' && typeof t.removeEventListener === 'function') {
      const et = target as EventTargetLike;
      return {
        kind: 'target',
        add: (name, listener) => et.addEventListener(name, listener),
        remove: (name, listener) => et.removeEventListener(name, listener),
      };
    }
    const on = typeof t.on === 'function' && typeof t.off === 'function' ? ['on', 'off'] : undefined;
    const add =
      typeof t.addListener === 'function' && typeof t.removeListener === 'function'
        ? ['addListener', 'removeListener']
        : undefined;
    const [addName, removeName] = on ?? add ?? [];
    if (addName !== undefined && removeName !== undefined) {
      const emitter = target as Record<string, (name: string, listener: (...args: any[]) => void) => unknown>;
      return {
        kind: 'emitter',
        add: (name, listener) => void emitter[addName]!(name, listener),
        remove: (name, listener) => void emitter[removeName]!(name, listener),
      };
    }
  }
  throw new TypeError(
    `fromEvent(): target must be an EventTarget or have on/off (or addListener/removeListener), got ${describeValue(target)}`,
  );
}

// Built apart from any iterator state: the listeners this makes live as long as the target does.
function subscribeTo<T>(
  listen: ListenerApi,
  name: string,
  closeEvents: readonly string[],
  errorEvents: readonly string[],
): (observer: PushObserver<T>) => () => void {
  return (observer) => {
    const onValue = (value: T) => observer.next(value);
    const onClose = () => observer.complete();
    const onError = (error: unknown) => observer.error(error);
    listen.add(name, onValue);
    for (const event of closeEvents) listen.add(event, onClose);
    for (const event of errorEvents) listen.add(event, onError);
    return () => {
      listen.remove(name, onValue);
      for (const event of closeEvents) listen.remove(event, onClose);
      for (const event of errorEvents) listen.remove(event, onError);
    };
  };
}
