import type { EventEmitter } from 'node:events';
import type { Foo } from './foo.js';

/**
 * A long-lived source: a Node `EventEmitter` whose events carry a string chunk, or an `EventTarget`
 * whose events are `MessageEvent`s with the chunk as `data` (as a `WebSocket`, `MessagePort` or
 * `BroadcastChannel` delivers them).
 */
export type Hub = Pick<EventEmitter, 'on' | 'off'> | EventTarget;

/**
 * Wires a consumer's filter to a long-lived source, the way socket and hub handlers are usually
 * written: the listener feeds each chunk straight into the filter (`hub.on('data', filter.update.bind(filter))`).
 *
 * From then on the hub holds the listener, the listener holds the filter, the filter holds the bound
 * callback, and the callback holds the consumer with all its data. The returned function removes the
 * listener; a consumer that forgets to call it (nothing in the design reminds it) lives as long as the hub.
 *
 * @example
 * ```ts
 * const hub = new EventEmitter();
 * const foo = new Foo();
 * const detach = attach(foo, hub);
 * hub.emit('data', 'asdf'); // foo.allData(): 'asdf\n'
 * detach(); // without this, `foo` lives as long as `hub`
 * ```
 */
export function attach(foo: Foo, hub: Hub, event = 'data'): () => void {
  if (typeof event !== 'string') throw new TypeError(`attach(): event must be a string, got ${typeof event}`);
  const filter = foo.filter;
  if (isEventTarget(hub)) {
    const listener = (message: Event): void => filter.update((message as MessageEvent<string>).data);
    hub.addEventListener(event, listener);
    return () => hub.removeEventListener(event, listener);
  }
  if (hub === null || typeof hub !== 'object' || typeof hub.on !== 'function') {
    throw new TypeError('attach(): hub must be an EventEmitter or an EventTarget');
  }
  const listener = filter.update.bind(filter);
  hub.on(event, listener);
  return () => void hub.off(event, listener);
}

function isEventTarget(hub: Hub): hub is EventTarget {
  return typeof (hub as Partial<EventTarget>).addEventListener === 'function';
}
