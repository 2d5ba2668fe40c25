import { describeValue } from '../internal/describe.js';
import { hubsOf } from '../internal/push/event-hub.js';

/**
 * How many `fromEvent` consumers of `target` (of the event `name`, when given) are live: not closed,
 * ended or failed, and not dropped and collected. A dropped consumer leaves the count when the garbage
 * collector has collected it and run its finalizer, as it leaves the target. All of them share one listener per event, so the
 * target's own listener count shows 1 however many there are; this shows them.
 *
 * A consumer whose `for await` loop is still waiting counts, correctly: its owner never ended it. A
 * steadily rising count on a long-lived hub is the sign of loops not bound to their owner's lifetime
 * (end them with `signal` or `return()` when the connection they serve closes).
 *
 * @example
 * ```ts
 * const consumer = fromEvent(hub, 'msg');
 * consumerCount(hub, 'msg'); // 1
 * await consumer.return();
 * consumerCount(hub, 'msg'); // 0
 * ```
 */
export function consumerCount(target: object, name?: string): number {
  if (target === null || (typeof target !== 'object' && typeof target !== 'function')) {
    throw new TypeError(`consumerCount(): target must be an object, got ${describeValue(target)}`);
  }
  if (name !== undefined && typeof name !== 'string') {
    throw new TypeError(`consumerCount(): name must be a string, got ${describeValue(name)}`);
  }
  let live = 0;
  for (const hub of hubsOf(target)) if (name === undefined || hub.name === name) live += hub.count();
  return live;
}
