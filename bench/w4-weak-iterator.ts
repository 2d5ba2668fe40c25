/**
 * W4's bound row: the careful, minimal hand-written weakly-held async iterator over an emitter's event,
 * written for this one job (a map per consumer) with nothing a general library must add. Every consumer
 * of one emitter and event shares one listener, which holds each consumer's queue through a `WeakRef`,
 * and strongly (in a `Set`) only while that consumer's `next()` waits, so a running `for await` loop is
 * kept and an idle iterator its owner dropped is collected. No `FinalizationRegistry`: the listener
 * prunes a collected queue's `WeakRef` at the next emission, and removes itself when none is left.
 * A value is mapped at emission and handed straight to a waiting `next()`, or written to the queue's
 * buffer; a promise exists only while a `next()` waits.
 */
import type { EventEmitter } from 'node:events';

/** The emitter side a {@link WeakFanout} needs. */
type Emitter = Pick<EventEmitter, 'on' | 'off'>;

/** One listener on one emitter and event, shared by every {@link WeakMapIterator} on them. */
class WeakFanout<In> {
  readonly queues = new Set<WeakRef<WeakMapIterator<In, unknown>>>();
  /** The queues whose `next()` waits: held strongly, so that a running loop is not collected. */
  readonly waiting = new Set<WeakMapIterator<In, unknown>>();
  readonly listener: (value: In) => void;

  constructor(
    readonly emitter: Emitter,
    readonly event: string,
  ) {
    this.listener = (value) => this.emit(value);
    emitter.on(event, this.listener);
  }

  private emit(value: In): void {
    for (const ref of this.queues) {
      const queue = ref.deref();
      if (queue === undefined) this.remove(ref);
      else queue.push(value);
    }
  }

  remove(ref: WeakRef<WeakMapIterator<In, unknown>>): void {
    if (!this.queues.delete(ref) || this.queues.size > 0) return;
    this.emitter.off(this.event, this.listener);
    fanouts.get(this.emitter)?.delete(this.event);
  }
}

/** Fanouts by emitter and event name; weak on the emitter, which owns its listeners. */
const fanouts = new WeakMap<Emitter, Map<string, WeakFanout<unknown>>>();

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

/**
 * The outputs of `map` over the values an emitter emits as `event`, through a bounded buffer: an
 * async iterator held weakly by the emitter's shared listener, and strongly only while `next()` waits.
 * A buffer of `highWaterMark` waiting values ends it with a `RangeError`.
 */
export class WeakMapIterator<In, Out> implements AsyncIterableIterator<Out, undefined> {
  private readonly fanout: WeakFanout<In>;
  private readonly ref: WeakRef<WeakMapIterator<In, unknown>>;
  private items: Out[] | undefined;
  private head = 0;
  private resolve: ((result: IteratorResult<Out, undefined>) => void) | undefined;
  private ended = false;
  private failure: RangeError | undefined;

  constructor(
    emitter: Emitter,
    event: string,
    private readonly map: (value: In) => Out,
    private readonly highWaterMark = 1024,
  ) {
    let byEvent = fanouts.get(emitter);
    if (byEvent === undefined) fanouts.set(emitter, (byEvent = new Map()));
    let fanout = byEvent.get(event) as WeakFanout<In> | undefined;
    if (fanout === undefined) byEvent.set(event, (fanout = new WeakFanout<In>(emitter, event)) as WeakFanout<unknown>);
    this.fanout = fanout;
    this.ref = new WeakRef(this as WeakMapIterator<In, unknown>);
    fanout.queues.add(this.ref);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Called by the shared listener: the output goes to a waiting `next()`, or into the buffer. */
  push(value: In): void {
    const out = this.map(value);
    const resolve = this.resolve;
    if (resolve !== undefined) {
      this.resolve = undefined;
      this.fanout.waiting.delete(this as WeakMapIterator<In, unknown>);
      resolve({ value: out, done: false });
      return;
    }
    const items = (this.items ??= []);
    if (items.length - this.head >= this.highWaterMark) {
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
    this.fanout.waiting.add(this as WeakMapIterator<In, unknown>);
    return new Promise((resolve) => {
      this.resolve = resolve;
    });
  }

  return(): Promise<IteratorResult<Out, undefined>> {
    this.items = undefined;
    this.failure = undefined;
    this.end();
    return Promise.resolve(DONE);
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.fanout.remove(this.ref);
    // Only return() finds a next() waiting: an overflow needs a full buffer, and a waiting next() an empty one.
    const resolve = this.resolve;
    if (resolve === undefined) return;
    this.resolve = undefined;
    this.fanout.waiting.delete(this as WeakMapIterator<In, unknown>);
    resolve(DONE);
  }
}
