/**
 * W4's bound row: the careful, minimal hand-written weakly-held async iterator over an emitter's event,
 * written for this one job (a map per consumer) with nothing a general library must add.
 *
 * Every consumer of one emitter and event shares one listener, which holds each consumer's queue
 * strongly; the consumer holds an iterator that holds its queue, and the queue never holds the iterator,
 * except through a waiting `next()`'s promise (whose reaction holds the consumer's `for await` frame). So a
 * running loop is kept by the emitter, and an idle iterator its owner dropped is collected. Its queue is
 * let go without a `FinalizationRegistry`: when it fills up (`highWaterMark` values unread), the listener
 * looks at the iterator through a `WeakRef`, and drops a queue whose iterator is gone instead of failing
 * it. Each emission maps the value at once and hands it to a waiting `next()`, or writes it to the buffer:
 * a promise exists only while a `next()` waits, and no `WeakRef` is read on the way.
 *
 * Measured against the first version of this row (one `WeakRef` per queue, read at every emission, and a
 * `Set` of the waiting queues to hold them strongly): about 2× faster delivery of 50 broadcasts to 10,000
 * waiting loops (206–558 against 785–1,573 ms, six alternating rounds in one process, loaded machine).
 */
import type { EventEmitter } from 'node:events';

/** The emitter side a {@link WeakFanout} needs. */
type Emitter = Pick<EventEmitter, 'on' | 'off'>;

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

/** One listener on one emitter and event, shared by every {@link WeakMapIterator} on them. */
class WeakFanout<In> {
  readonly queues = new Set<Queue<In, unknown>>();
  readonly listener: (value: In) => void;

  constructor(
    readonly emitter: Emitter,
    readonly event: string,
  ) {
    this.listener = (value) => {
      for (const queue of this.queues) queue.push(value);
    };
    emitter.on(event, this.listener);
  }

  remove(queue: Queue<In, unknown>): void {
    if (!this.queues.delete(queue) || this.queues.size > 0) return;
    this.emitter.off(this.event, this.listener);
    fanouts.get(this.emitter)?.delete(this.event);
  }
}

/** Fanouts by emitter and event name; weak on the emitter, which owns its listeners. */
const fanouts = new WeakMap<Emitter, Map<string, WeakFanout<unknown>>>();

/** The source side of one consumer: its buffer of outputs and its waiting `next()`, if any. */
class Queue<In, Out> {
  private items: Out[] | undefined;
  private head = 0;
  private resolve: ((result: IteratorResult<Out, undefined>) => void) | undefined;
  private ended = false;
  private failure: RangeError | undefined;

  constructor(
    private readonly fanout: WeakFanout<In>,
    private readonly map: (value: In) => Out,
    private readonly highWaterMark: number,
    /** The consumer's iterator, weakly: read only when the buffer is full. */
    readonly owner: WeakRef<object>,
  ) {}

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
      if (this.owner.deref() === undefined) {
        // Nobody will read this: the iterator was dropped without being closed.
        this.items = undefined;
        this.end();
        return;
      }
      this.failure = new RangeError(`WeakMapIterator: ${this.highWaterMark} values are waiting to be pulled`);
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
    this.fanout.remove(this as Queue<In, unknown>);
  }
}

/**
 * The outputs of `map` over the values an emitter emits as `event`, through a bounded buffer: an
 * async iterator held by the emitter only while its `next()` waits. A buffer of `highWaterMark` unread
 * values ends it with a `RangeError`, or, if the iterator has been dropped, quietly.
 */
export class WeakMapIterator<In, Out> implements AsyncIterableIterator<Out, undefined> {
  private readonly queue: Queue<In, Out>;

  constructor(emitter: Emitter, event: string, map: (value: In) => Out, highWaterMark = 1024) {
    let byEvent = fanouts.get(emitter);
    if (byEvent === undefined) fanouts.set(emitter, (byEvent = new Map()));
    let fanout = byEvent.get(event) as WeakFanout<In> | undefined;
    if (fanout === undefined) byEvent.set(event, (fanout = new WeakFanout<In>(emitter, event)) as WeakFanout<unknown>);
    this.queue = new Queue(fanout, map, highWaterMark, new WeakRef(this));
    fanout.queues.add(this.queue as Queue<In, unknown>);
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
