/**
 * W4's bound row for `drain()` consumers: the least a consumer held only weakly by its hub can be, on
 * this runtime, written for this one job (a map per consumer) with nothing a general library must add:
 * no filter state, no overflow policy, no errors, no end.
 *
 * The hub's one listener holds each consumer's buffer in an array; the consumer holds its buffer, and the
 * buffer never holds the consumer. A consumer dropped without being closed must still leave the hub, or
 * its buffer would stay there for as long as the hub lives: a `FinalizationRegistry` entry per consumer
 * does that, holding the buffer and reaching the hub only through the hub's one `WeakRef`. That entry is what a weakly held consumer costs over the naive design, whose hub
 * simply holds the consumer: read this row's attach time and live heap against naive's for the floor
 * under Siphon's `drain()` rows.
 */
import type { EventEmitter } from 'node:events';

/** The emitter side a {@link WeakDrainConsumer} needs. */
type Emitter = Pick<EventEmitter, 'on' | 'off'>;

/** One consumer's buffer of mapped values, as the hub holds it. */
class Buffer<Out> {
  items: Out[] = [];

  constructor(
    readonly map: (value: never) => Out,
    /** Where this buffer is in its fanout's array. */
    public index: number,
  ) {}
}

/** One listener on one emitter and event, shared by every consumer on them. */
class Fanout<In> {
  readonly buffers: Buffer<unknown>[] = [];
  readonly self = new WeakRef(this);
  readonly listener: (value: In) => void;

  constructor(
    readonly emitter: Emitter,
    readonly event: string,
  ) {
    this.listener = listenerFor(this.buffers);
    emitter.on(event, this.listener);
  }

  add(buffer: Buffer<unknown>): number {
    buffer.index = this.buffers.length;
    this.buffers.push(buffer);
    return buffer.index;
  }

  /** The last buffer takes the place of the one leaving. */
  leave(index: number): void {
    const last = this.buffers.pop()!;
    if (index < this.buffers.length) {
      this.buffers[index] = last;
      last.index = index;
    }
    if (this.buffers.length > 0) return;
    this.emitter.off(this.event, this.listener);
    fanouts.get(this.emitter)?.delete(this.event);
  }
}

// Built apart from the fanout, so that the emitter's listener closes over the array alone.
function listenerFor<In>(buffers: Buffer<unknown>[]): (value: In) => void {
  return (value) => {
    for (let i = 0; i < buffers.length; i++) {
      const buffer = buffers[i]!;
      buffer.items.push(buffer.map(value as never));
    }
  };
}

/** Fanouts by emitter and event name; weak on the emitter, which owns its listeners. */
const fanouts = new WeakMap<Emitter, Map<string, Fanout<unknown>>>();

/**
 * What a dropped consumer's finalizer holds: its buffer, and the fanout only weakly. The buffer may be
 * held strongly, as it never reaches its consumer (nothing waits on it); a fanout held from here would
 * stay alive for as long as any of its consumers.
 */
class Lease {
  constructor(
    readonly fanout: WeakRef<Fanout<unknown>>,
    readonly buffer: Buffer<unknown>,
  ) {}
}

const finalizers = new FinalizationRegistry((lease: Lease) => lease.fanout.deref()?.leave(lease.buffer.index));

/**
 * The mapped values an emitter emits as `event`, taken with `drain()`: held by the emitter only weakly,
 * and let go of by a finalizer when dropped.
 */
export class WeakDrainConsumer<In, Out> {
  private readonly buffer: Buffer<Out>;

  constructor(emitter: Emitter, event: string, map: (value: In) => Out) {
    let byEvent = fanouts.get(emitter);
    if (byEvent === undefined) fanouts.set(emitter, (byEvent = new Map()));
    let fanout = byEvent.get(event) as Fanout<In> | undefined;
    if (fanout === undefined) byEvent.set(event, (fanout = new Fanout<In>(emitter, event)) as Fanout<unknown>);
    this.buffer = new Buffer<Out>(map as (value: never) => Out, 0);
    fanout.add(this.buffer as Buffer<unknown>);
    finalizers.register(this, new Lease(fanout.self as WeakRef<Fanout<unknown>>, this.buffer as Buffer<unknown>));
  }

  /** The values ready now; never waits. */
  drain(): Out[] {
    const items = this.buffer.items;
    if (items.length === 0) return items;
    this.buffer.items = [];
    return items;
  }
}
