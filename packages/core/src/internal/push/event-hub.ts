import { describeValue } from '../describe.js';
import type { PushSink, SinkOwner } from './push-sink.js';

/** How to add and remove listeners on one target: an `EventTarget` or an emitter. */
export interface ListenerApi {
  readonly kind: 'target' | 'emitter';
  add(name: string, listener: (value: unknown) => void): void;
  remove(name: string, listener: (value: unknown) => void): void;
}

/**
 * Every consumer of one target, grouped by what they listen to, and the listeners for the events that
 * end them. One listener per close or error event serves every hub of the target that it ends, not one
 * per hub: emitters default to ending on `'error'`, so consumers of many event names of one emitter (a
 * name per client, say) would otherwise pile up `'error'` listeners that each scan to leave (measured on
 * W3, 100,000 consumers of as many names: 13 % of the run in removing them).
 *
 * Such a listener counts the hubs it ends rather than keeping a set of them, and finds them among the
 * target's hubs when its event comes, which is rare: on W3, where each consumer has a hub of its own,
 * adding each hub to a set and deleting it took 3 % of the run (a CPU profile: 317 ms of 10.6 s; 44 ms after).
 */
class TargetEntry {
  /** The hubs with consumers, by key. */
  readonly hubs = new Map<string, EventHub>();
  private readonly closers = new Map<string, EndListener>();
  private readonly failers = new Map<string, EndListener>();

  constructor(readonly api: ListenerApi) {}

  /** Adds `hub` to the listeners of its close and error events; on a failure, to none of them. */
  joinEnds(hub: EventHub): void {
    let joined = 0;
    try {
      for (const event of hub.closeEvents) {
        this.join(this.closers, event, 'close');
        joined++;
      }
      for (const event of hub.errorEvents) {
        this.join(this.failers, event, 'error');
        joined++;
      }
    } catch (error) {
      this.leaveEnds(hub, joined);
      throw error;
    }
  }

  /** Takes `hub` off the listeners of its close and error events (the first `joined` of them). */
  leaveEnds(hub: EventHub, joined = Infinity): void {
    let left = 0;
    for (const event of hub.closeEvents) if (left++ < joined) this.leave(this.closers, event);
    for (const event of hub.errorEvents) if (left++ < joined) this.leave(this.failers, event);
  }

  /**
   * Ends every hub of the target that ends on `event` as `kind`. The hubs are copied first: one that joins
   * while they end gets the next such event, as an emitter's listeners would.
   */
  end(event: string, kind: EndKind, value: unknown): void {
    for (const hub of [...this.hubs.values()]) {
      if (kind === 'close') {
        if (hub.closeEvents.includes(event)) hub.complete();
      } else if (hub.errorEvents.includes(event)) hub.fail(value);
    }
  }

  private join(ends: Map<string, EndListener>, event: string, kind: EndKind): void {
    let end = ends.get(event);
    if (end === undefined) {
      end = { hubs: 0, listener: endListener(this, event, kind) };
      this.api.add(event, end.listener);
      ends.set(event, end);
    }
    end.hubs++;
  }

  private leave(ends: Map<string, EndListener>, event: string): void {
    const end = ends.get(event);
    if (end === undefined || --end.hubs > 0) return;
    ends.delete(event);
    this.api.remove(event, end.listener);
  }
}

type EndKind = 'close' | 'error';

/** One listener for a close or an error event, and how many hubs it ends. */
interface EndListener {
  hubs: number;
  readonly listener: (value: unknown) => void;
}

// Built apart from the entry, so that it closes over its entry and event alone.
function endListener(entry: TargetEntry, event: string, kind: EndKind): (value: unknown) => void {
  return (value) => entry.end(event, kind, value);
}

/** Weak on the target, which owns our listeners as it owns any listener. */
const targets = new WeakMap<object, TargetEntry>();

/**
 * A sink's place in its hub: how the sink leaves (it is the sink's `owner`), and what the finalizer of
 * a consumer dropped without closing holds to find that sink. It reaches the hub only through the hub's
 * one `WeakRef`: a finalizer's held value stays alive for as long as its target, and a hub held from
 * there would keep every consumer whose `for await` loop waits on it, after the hub itself was dropped.
 *
 * Why a seat and not a `WeakRef` to the sink, as other push sources hold: making a `WeakRef` cost about
 * 0.7 µs in a loop attaching 10,000 consumers (each one joins the job's kept-objects set), 5× all the
 * rest of `fromEvent`; a seat costs an allocation of 40 bytes, as much as the `WeakRef` and a `Set` entry.
 */
export class HubSeat implements SinkOwner {
  constructor(
    private readonly hub: WeakRef<EventHub>,
    /** Where the sink is in its hub's array; -1 once it has left. */
    public index: number,
  ) {}

  remove(): void {
    this.hub.deref()?.leave(this);
  }

  /** The consumer was collected without being closed: its sink lets go of everything. */
  abandon(): void {
    if (this.index >= 0) this.hub.deref()?.sinks[this.index]?.abandon();
  }
}

/**
 * The consumers of one target that listen to the same value event with the same close and error
 * events, behind one listener for the value event (the close and error events' listeners are the
 * target entry's, shared with its other hubs).
 *
 * Why one listener for all of them: an emitter keeps an event's listeners in an array, and removing one
 * scans it, so thousands of consumers leaving in any order cost time quadratic in their number
 * (measured: 30,000 dropped consumers took 3.4 s, 10,000 took 0.19 s). Here a sink leaves in constant
 * time: the last sink takes its place in the array. And the hub shows one listener however many
 * consumers it has: `consumerCount` tells how many.
 *
 * While a value, an end or an error is being delivered, sinks that leave keep their places until the
 * delivery is over, so that the loop neither skips a sink nor visits one twice. Sinks that join during a
 * delivery are at the end of the array, past the loop's bound: like an emitter's listeners, they get
 * the next emission, not the current one.
 */
export class EventHub {
  /** The sinks, each at its seat's index. */
  readonly sinks: PushSink[] = [];
  private readonly self = new WeakRef(this);
  private readonly listener: (value: unknown) => void;
  /** How many deliveries are under way (one emits from inside another through a filter's `tap`). */
  private delivering = 0;
  /** Seats left during a delivery, given up once it is over. */
  private leaving: HubSeat[] | undefined;

  constructor(
    private readonly target: object,
    private readonly entry: TargetEntry,
    private readonly key: string,
    readonly name: string,
    readonly closeEvents: readonly string[],
    readonly errorEvents: readonly string[],
  ) {
    this.listener = valueListener(this);
  }

  /** Seats `sink`, which leaves through the seat returned; the first one adds the hub's listeners. */
  add(sink: PushSink): HubSeat {
    const seat = new HubSeat(this.self, this.sinks.length);
    this.sinks.push(sink);
    sink.owner = seat;
    if (this.sinks.length > 1) return seat;
    try {
      this.entry.api.add(this.name, this.listener);
      try {
        this.entry.joinEnds(this);
      } catch (error) {
        this.entry.api.remove(this.name, this.listener);
        throw error;
      }
    } catch (error) {
      // A target that throws here is left with nothing of ours.
      this.sinks.pop();
      sink.owner = undefined;
      throw error;
    }
    this.entry.hubs.set(this.key, this);
    targets.set(this.target, this.entry);
    return seat;
  }

  leave(seat: HubSeat): void {
    if (seat.index < 0) return;
    if (this.delivering > 0) {
      (this.leaving ??= []).push(seat);
      return;
    }
    this.vacate(seat);
    if (this.sinks.length === 0) this.unlisten();
  }

  /** Consumers not closed, ended or collected and finalized. */
  count(): number {
    return this.sinks.length - (this.leaving?.length ?? 0);
  }

  // Written out rather than through `endAll`: it runs per value and per consumer, so it makes no closure.
  deliver(value: unknown): void {
    const sinks = this.sinks;
    const length = sinks.length;
    this.delivering++;
    try {
      for (let i = 0; i < length; i++) sinks[i]!.deliver(value);
    } finally {
      this.delivered();
    }
  }

  complete(): void {
    this.endAll((sink) => sink.complete());
  }

  fail(error: unknown): void {
    this.endAll((sink) => sink.fail(error));
  }

  /** Ends every sink seated when it starts, as a delivery does. */
  private endAll(end: (sink: PushSink) => void): void {
    const sinks = this.sinks;
    const length = sinks.length;
    this.delivering++;
    try {
      for (let i = 0; i < length; i++) end(sinks[i]!);
    } finally {
      this.delivered();
    }
  }

  /** After the outermost delivery: the sinks that left during it give up their places, the rest keep order. */
  private delivered(): void {
    if (--this.delivering > 0 || this.leaving === undefined) return;
    for (const seat of this.leaving) seat.index = -1;
    this.leaving = undefined;
    // Every sink still in the array that has left is one of those: the rest move up over them.
    const sinks = this.sinks;
    let kept = 0;
    for (let i = 0; i < sinks.length; i++) {
      const sink = sinks[i]!;
      if (sink.detached) continue;
      if (kept !== i) {
        sinks[kept] = sink;
        (sink.owner as HubSeat).index = kept;
      }
      kept++;
    }
    sinks.length = kept;
    if (kept === 0) this.unlisten();
  }

  /** The last sink takes the place of the one leaving (outside a delivery, so the last has not left). */
  private vacate(seat: HubSeat): void {
    const index = seat.index;
    seat.index = -1;
    const last = this.sinks.pop()!;
    if (index === this.sinks.length) return;
    this.sinks[index] = last;
    (last.owner as HubSeat).index = index;
  }

  /** The last one gone: the target is left with no listener of ours, as if we had never been there. */
  private unlisten(): void {
    this.entry.hubs.delete(this.key);
    if (this.entry.hubs.size === 0) targets.delete(this.target);
    this.entry.api.remove(this.name, this.listener);
    this.entry.leaveEnds(this);
  }
}

// Built apart from the hub's constructor, so that it closes over the hub alone.
function valueListener(hub: EventHub): (value: unknown) => void {
  return (value) => hub.deliver(value);
}

/** The hub for `sink`'s events on `target`, made on first use. */
export function hubFor(
  target: object,
  name: string,
  closeEvents: readonly string[] | undefined,
  errorEvents: readonly string[] | undefined,
  caller: string,
): EventHub {
  let entry = targets.get(target);
  if (entry === undefined) entry = new TargetEntry(listenerApi(target, caller));
  const close = closeEvents ?? NONE;
  const error = errorEvents ?? (entry.api.kind === 'emitter' && name !== 'error' ? DEFAULT_ERROR : NONE);
  // The common case, no close or error events given, keys on the name alone.
  const key =
    closeEvents === undefined && errorEvents === undefined
      ? name
      : `${name}\u0000${close.join('\u0001')}\u0000${error.join('\u0001')}`;
  return entry.hubs.get(key) ?? new EventHub(target, entry, key, name, close, error);
}

/** The hubs of `target` (of one event name, when given), for counting. */
export function hubsOf(target: object): Iterable<EventHub> {
  return targets.get(target)?.hubs.values() ?? NONE;
}

const NONE: readonly never[] = Object.freeze([]);
const DEFAULT_ERROR: readonly string[] = Object.freeze(['error']);

function listenerApi(target: unknown, caller: string): ListenerApi {
  const t = target as Record<string, unknown> | null;
  if (t !== null && (typeof t === 'object' || typeof t === 'function')) {
    if (typeof t.addEventListener === 'function' && typeof t.removeEventListener === 'function') {
      const et = target as {
        addEventListener(name: string, listener: (value: unknown) => void): void;
        removeEventListener(name: string, listener: (value: unknown) => void): void;
      };
      return {
        kind: 'target',
        add: (name, listener) => et.addEventListener(name, listener),
        remove: (name, listener) => et.removeEventListener(name, listener),
      };
    }
    const names =
      typeof t.on === 'function' && typeof t.off === 'function'
        ? (['on', 'off'] as const)
        : typeof t.addListener === 'function' && typeof t.removeListener === 'function'
          ? (['addListener', 'removeListener'] as const)
          : undefined;
    if (names !== undefined) {
      const emitter = target as Record<string, (name: string, listener: (value: unknown) => void) => unknown>;
      const [addName, removeName] = names;
      return {
        kind: 'emitter',
        add: (name, listener) => void emitter[addName]!(name, listener),
        remove: (name, listener) => void emitter[removeName]!(name, listener),
      };
    }
  }
  throw new TypeError(
    `${caller}: target must be an EventTarget or have on/off (or addListener/removeListener), got ${describeValue(target)}`,
  );
}
