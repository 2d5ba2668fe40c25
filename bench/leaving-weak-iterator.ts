/**
 * A bound row for W3 and W4: the least a weakly held async iterator over an emitter's event can be when,
 * dropped without being closed, it must also leave the emitter, as a Siphon consumer does. Written for
 * this one job (a map per consumer) with nothing a general library must add: no filter state, no overflow
 * policies, no end or error events, no signal, no `drain()`.
 *
 * It is {@link WeakMapIterator} (W4's bound row) plus what leaving takes. That row lets go of a dropped
 * consumer's queue only when the queue fills up, so consumers that are dropped before their buffer is
 * full (every one of W3's) stay on the emitter for as long as it lives. Here a `FinalizationRegistry`
 * entry per consumer removes its queue once the iterator is collected. What the entry holds must not
 * reach the queue (a queue with a waiting `next()` reaches its consumer's loop, so held from the registry
 * it would never be collected): it holds a seat, the queue's index in its fanout's array and the fanout's
 * one `WeakRef`. Read this row against Siphon's for what leaving costs, and against `WeakMapIterator`'s
 * for what it costs over not leaving.
 *
 * Its queue repeats `WeakMapIterator`'s rather than sharing a class with it: W4 times both rows in one
 * process, and shared methods would see both rows' objects, which neither row's own code would.
 */
import type { EventEmitter } from 'node:events';

/** The emitter side a {@link LeavingWeakIterator} needs. */
type Emitter = Pick<EventEmitter, 'on' | 'off'>;

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

/** A queue's place in its fanout, as its finalizer holds it: the fanout only weakly. */
class Seat {
  constructor(
    readonly fanout: WeakRef<Fanout<unknown>>,
    /** The queue's index in the fanout's array; -1 once it has left. */
    public index: number,
  ) {}
}

/** One listener on one emitter and event, shared by every iterator on them. */
class Fanout<In> {
  readonly queues: Queue<In, unknown>[] = [];
  readonly self = new WeakRef(this);
  readonly listener: (value: In) => void;

  constructor(
    readonly emitter: Emitter,
    readonly event: string,
  ) {
    this.listener = listenerFor(this.queues);
    emitter.on(event, this.listener);
  }

  add(queue: Queue<In, unknown>): Seat {
    this.queues.push(queue);
    return new Seat(this.self as WeakRef<Fanout<unknown>>, this.queues.length - 1);
  }

  /** The last queue takes the place of the one leaving; the last one gone removes the listener. */
  leave(seat: Seat): void {
    const index = seat.index;
    if (index < 0) return;
    seat.index = -1;
    const last = this.queues.pop()!;
    if (index < this.queues.length) {
      this.queues[index] = last;
      last.seat.index = index;
    }
    if (this.queues.length > 0) return;
    this.emitter.off(this.event, this.listener);
    fanouts.get(this.emitter)?.delete(this.event);
  }
}

// Built apart from the fanout, so that the emitter's listener closes over the array alone. It walks the
// array from the end: a queue that overflows leaves during its push, and the one that takes its place
// has already been given the value.
function listenerFor<In>(queues: Queue<In, unknown>[]): (value: In) => void {
  return (value) => {
    for (let i = queues.length - 1; i >= 0; i--) queues[i]!.push(value);
  };
}

/** Fanouts by emitter and event name; weak on the emitter, which owns its listeners. */
const fanouts = new WeakMap<Emitter, Map<string, Fanout<unknown>>>();

/** Finds a dropped iterator's queue through its seat and takes it out of the fanout. */
const finalizers = new FinalizationRegistry((seat: Seat) => seat.fanout.deref()?.leave(seat));

/** The source side of one consumer: its buffer of outputs and its waiting `next()`, if any. */
class Queue<In, Out> {
  readonly seat: Seat;
  private items: Out[] | undefined;
  private head = 0;
  private resolve: ((result: IteratorResult<Out, undefined>) => void) | undefined;
  private ended = false;
  private failure: RangeError | undefined;

  constructor(
    private readonly fanout: Fanout<In>,
    private readonly map: (value: In) => Out,
    private readonly highWaterMark: number,
  ) {
    this.seat = fanout.add(this as Queue<In, unknown>);
  }

  push(value: In): void {
    const out = this.map(value);
    const resolve = this.resolve;
    if (resolve !== undefined) {
      this.resolve = undefined;
      resolve({ value: out, done: false });
      return;
    }
    const items = (this.items ??= []);
    if (items.length - this.head >= this.highWaterMark) {
      this.failure = new RangeError(`LeavingWeakIterator: ${this.highWaterMark} values are waiting to be pulled`);
      this.end();
      return;
    }
    items.push(out);
  }

  next(): Promise<IteratorResult<Out, undefined>> {
    const items = this.items;
    if (items !== undefined && this.head < items.length) {
      const value = items[this.head]!;
      items[this.head++] = undefined as Out;
      if (this.head === items.length) {
        items.length = 0;
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.ended) {
      const failure = this.failure;
      this.failure = undefined;
      return failure === undefined ? Promise.resolve(DONE) : Promise.reject(failure);
    }
    return new Promise((resolve) => {
      this.resolve = resolve;
    });
  }

  close(): void {
    this.items = undefined;
    this.failure = undefined;
    this.end();
    // Only close() finds a next() waiting: an overflow needs a full buffer, and a waiting next() an empty one.
    const resolve = this.resolve;
    this.resolve = undefined;
    resolve?.(DONE);
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.fanout.leave(this.seat);
  }
}

/**
 * The outputs of `map` over the values an emitter emits as `event`, through a bounded buffer: an async
 * iterator held by the emitter only while its `next()` waits, that leaves the emitter once collected.
 * A buffer of `highWaterMark` unread values ends it with a `RangeError`.
 */
export class LeavingWeakIterator<In, Out> implements AsyncIterableIterator<Out, undefined> {
  private readonly queue: Queue<In, Out>;

  constructor(emitter: Emitter, event: string, map: (value: In) => Out, highWaterMark = 1024) {
    let byEvent = fanouts.get(emitter);
    if (byEvent === undefined) fanouts.set(emitter, (byEvent = new Map()));
    let fanout = byEvent.get(event) as Fanout<In> | undefined;
    if (fanout === undefined) byEvent.set(event, (fanout = new Fanout<In>(emitter, event)) as Fanout<unknown>);
    this.queue = new Queue(fanout, map, highWaterMark);
    finalizers.register(this, this.queue.seat);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<Out, undefined>> {
    return this.queue.next();
  }

  return(): Promise<IteratorResult<Out, undefined>> {
    this.queue.close();
    return Promise.resolve(DONE);
  }
}
