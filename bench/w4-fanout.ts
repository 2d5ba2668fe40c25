/**
 * W4 fan-out: 10,000 live consumers of one long-lived `EventEmitter` hub, 50 broadcasts, each consumer
 * running `map((s) => s + '\n')` over what it receives and counting the characters. Two kinds of rows
 * per design: "50 broadcasts" times delivery to consumers that stay attached (time per value = time per
 * run / (consumers × 50)); "attach" times attaching 10,000 consumers to a fresh hub and handing each its
 * first message, and its memory child gives the live heap per consumer (heap still reachable after a full
 * GC while the 10,000 are attached, over the heap before).
 */
import { EventEmitter } from 'node:events';
import { fromEvent, map, pull, pullBatches, type AsyncPullIterator, type Filter } from '@siphon/core';
import { AddLF, type Filter as NaiveFilter } from '@siphon/naive';
import { Registry } from './harness/registry.js';
import { runIfMain } from './harness/run-scenario.js';
import { defineScenario } from './harness/scenario.js';
import { besideBound, liveHeapAtMost, slowerAtMost } from './harness/targets.js';
import { LeavingWeakIterator } from './leaving-weak-iterator.js';
import { WeakDrainConsumer } from './w4-weak-drain.js';
import { WeakMapIterator } from './w4-weak-iterator.js';

export interface W4Input {
  readonly consumers: number;
  /** The attach rows' hub: a fresh input per run, so every attach run starts from a hub with none. */
  readonly hub: EventEmitter;
  /**
   * What the attach rows attached, kept as a server keeps its connections: alive while the input is, so
   * the memory child's "retained" is the live heap of the consumers. Every design keeps its consumers here.
   */
  readonly kept: Consumer[];
}

/** What every design's consumer has: the characters it has received in this run. */
interface Consumer {
  chars: number;
}

/** One way of being a consumer of the hub. */
interface Design<C extends Consumer> {
  readonly label: string;
  attach(hub: EventEmitter): C;
  /** What the owner of consumers that are pulled (not pushed to) does after a broadcast: `drain()` them. */
  readonly take?: (consumers: readonly C[]) => void;
}

const EVENT = 'msg';
const BROADCASTS = 50;
/** Rounds of the 50 broadcasts a delivery row's consumers get, untimed, after they are attached. */
const WARM_PASSES = 4;

/** What the hub broadcasts: short chat-like messages, distinct so no string is shared between broadcasts. */
const MESSAGES: readonly string[] = Array.from(
  { length: BROADCASTS },
  (_, i) => `{"room":"lobby","seq":${i},"text":"message number ${i} to everyone"}`,
);
const GREETING = '{"hello":"welcome"}';

/** The work every design does per value, held as a value, as any pipeline holds it. */
const appendLF = (s: string): string => s + '\n';
const addLF: Filter<string, string> = map(appendLF);

const labels = {
  naive: 'naive (hub → AddLF → bound callback)',
  bound: 'bound: hand-written weakly-held async iterator, for await',
  leavingBound: 'bound: the same, leaving its hub when collected, for await',
  drainBound: 'bound: hand-written weakly-held drain() consumer',
  drain: 'Siphon pull(fromEvent) + drain() after each broadcast',
  forAwait: 'Siphon pull(fromEvent), for await',
  batches: 'Siphon pullBatches(fromEvent), for await',
} as const;

const deliver = (label: string): string => `${label}: 50 broadcasts`;
const attach = (label: string): string => `${label}: attach + first message`;

export const names = {
  naiveDeliver: deliver(labels.naive),
  naiveAttach: attach(labels.naive),
  boundDeliver: deliver(labels.bound),
  boundAttach: attach(labels.bound),
  leavingBoundDeliver: deliver(labels.leavingBound),
  leavingBoundAttach: attach(labels.leavingBound),
  drainBoundDeliver: deliver(labels.drainBound),
  drainBoundAttach: attach(labels.drainBound),
  drainDeliver: deliver(labels.drain),
  drainAttach: attach(labels.drain),
  forAwaitDeliver: deliver(labels.forAwait),
  forAwaitAttach: attach(labels.forAwait),
  batchesDeliver: deliver(labels.batches),
  batchesAttach: attach(labels.batches),
} as const;

const attachRows = new Set<string>(Object.values(labels).map(attach));

// The naive design, as the incident writes it: the filter keeps the consumer's bound method, and the hub
// keeps the filter's bound update (what `@siphon/naive`'s attach() does; its Foo keeps all it receives,
// which 500,000 values a run would pile up, so this consumer counts instead).
class NaiveConsumer implements Consumer {
  chars = 0;
  readonly filter: NaiveFilter = new AddLF(this.theCallback.bind(this));
  theCallback(data: string): void {
    this.chars += data.length;
  }
}

/** The incident's `update()`/`allData()` consumer, leak-free: it holds its iterator and drains it. */
class DrainConsumer implements Consumer {
  chars = 0;
  readonly lines: AsyncPullIterator<string>;
  constructor(hub: EventEmitter) {
    this.lines = pull(fromEvent<string>(hub, EVENT), addLF);
  }
  take(): void {
    const ready = this.lines.drain();
    for (let i = 0; i < ready.length; i++) this.chars += ready[i]!.length;
  }
}

/** A `for await` loop over the consumer's outputs, as a connection handler runs one. */
class LoopConsumer implements Consumer {
  chars = 0;
  constructor(outputs: AsyncIterable<string>) {
    void this.run(outputs);
  }
  private async run(outputs: AsyncIterable<string>): Promise<void> {
    try {
      for await (const s of outputs) this.chars += s.length;
    } catch {
      this.chars = Number.NaN; // ended by the hub's 'error' (see endLeftovers), or failed: never the reference
    }
  }
}

class BatchLoopConsumer implements Consumer {
  chars = 0;
  constructor(batches: AsyncIterable<readonly string[]>) {
    void this.run(batches);
  }
  private async run(batches: AsyncIterable<readonly string[]>): Promise<void> {
    try {
      for await (const batch of batches) for (let i = 0; i < batch.length; i++) this.chars += batch[i]!.length;
    } catch {
      this.chars = Number.NaN;
    }
  }
}

const naive: Design<NaiveConsumer> = {
  label: labels.naive,
  attach(hub) {
    const consumer = new NaiveConsumer();
    const filter = consumer.filter;
    hub.on(EVENT, filter.update.bind(filter));
    return consumer;
  },
};

const bound: Design<LoopConsumer> = {
  label: labels.bound,
  attach: (hub) => new LoopConsumer(new WeakMapIterator<string, string>(hub, EVENT, appendLF)),
};

/** The bound row plus what leaving when collected takes: a finalizer entry per consumer, a seat. */
const leavingBound: Design<LoopConsumer> = {
  label: labels.leavingBound,
  attach: (hub) => new LoopConsumer(new LeavingWeakIterator<string, string>(hub, EVENT, appendLF)),
};

/** The least a weakly held `drain()` consumer costs: the bound under the drain rows. */
class MinimalDrainConsumer implements Consumer {
  chars = 0;
  readonly lines: WeakDrainConsumer<string, string>;
  constructor(hub: EventEmitter) {
    this.lines = new WeakDrainConsumer<string, string>(hub, EVENT, appendLF);
  }
  take(): void {
    const ready = this.lines.drain();
    for (let i = 0; i < ready.length; i++) this.chars += ready[i]!.length;
  }
}

const drainBound: Design<MinimalDrainConsumer> = {
  label: labels.drainBound,
  attach: (hub) => new MinimalDrainConsumer(hub),
  take(consumers) {
    for (let i = 0; i < consumers.length; i++) consumers[i]!.take();
  },
};

const drain: Design<DrainConsumer> = {
  label: labels.drain,
  attach: (hub) => new DrainConsumer(hub),
  take(consumers) {
    for (let i = 0; i < consumers.length; i++) consumers[i]!.take();
  },
};

const forAwait: Design<LoopConsumer> = {
  label: labels.forAwait,
  attach: (hub) => new LoopConsumer(pull(fromEvent<string>(hub, EVENT), addLF)),
};

const batches: Design<BatchLoopConsumer> = {
  label: labels.batches,
  attach: (hub) => new BatchLoopConsumer(pullBatches(fromEvent<string>(hub, EVENT), addLF)),
};

/** Every hub made, weakly: {@link endLeftovers} ends the consumers of those still alive. */
let hubs: WeakRef<EventEmitter>[] = [];

function newHub(): EventEmitter {
  const hub = new EventEmitter();
  hub.setMaxListeners(0); // the naive design adds one listener per consumer
  hubs.push(new WeakRef(hub));
  return hub;
}

/**
 * Ends the consumers of every hub a run dropped that is still alive, before the next row is timed, so that
 * no row is timed beside another's 10,000 live consumers (they slowed the naive row's 50 broadcasts from
 * 7–13 ms to 35–42 ms in the same process). A dropped hub and its waiting `for await` consumers are
 * garbage (core's `dropped-hub.leak.test.ts`), but only once a full GC has found them; until issue 12's
 * hub seats, a finalizer entry's held value reached the waiting read and kept them for ever. An `'error'`
 * on the hub ends every `fromEvent` iterator on it (they listen to it by default); the bound rows' and
 * the naive consumers' hubs are never found here, as nothing listens to their `'error'`.
 */
function endLeftovers(): void {
  live = undefined;
  for (const ref of hubs) {
    const hub = ref.deref();
    if (hub !== undefined) endConsumersOf(hub);
  }
  hubs = [];
}

function endConsumersOf(hub: EventEmitter): void {
  if (hub.listenerCount('error') > 0) hub.emit('error', new Error('W4: the run is over'));
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Broadcasts `messages`, one per event-loop turn (as messages reach a server), so that every `for await`
 * consumer is waiting when each arrives and has taken it before the next; a pulled design's owner drains
 * its consumers after each. Resolves with how many consumers received exactly what was broadcast.
 */
async function broadcast<C extends Consumer>(
  design: Design<C>,
  hub: EventEmitter,
  consumers: readonly C[],
  messages: readonly string[],
): Promise<number> {
  for (let i = 0; i < consumers.length; i++) consumers[i]!.chars = 0;
  for (let m = 0; m < messages.length; m++) {
    hub.emit(EVENT, messages[m]);
    design.take?.(consumers);
    await nextTurn();
  }
  const expected = messages.reduce((sum, message) => sum + message.length + 1, 0);
  let served = 0;
  for (let i = 0; i < consumers.length; i++) if (consumers[i]!.chars === expected) served++;
  return served;
}

function attachAll<C extends Consumer>(design: Design<C>, hub: EventEmitter, count: number, into: C[]): C[] {
  for (let i = 0; i < count; i++) into.push(design.attach(hub));
  return into;
}

/**
 * The consumers a delivery row keeps attached from run to run, on a hub of their own: one design's at a
 * time. They are ended and dropped before every other row is timed, and the harness collects them then
 * (`beforeEachMeasure`), because what one design leaves behind slowed another's delivery many times over
 * in the same process: the naive row's 50 broadcasts took 6–16 ms alone, 24–120 ms beside 10,000 live
 * Siphon `for await` consumers.
 */
interface Live {
  readonly design: Design<Consumer>;
  readonly hub: EventEmitter;
  readonly consumers: Consumer[];
}
let live: Live | undefined;

/** The attach row: attaches `consumers` to the input's fresh hub and hands each the first message. */
function attachRun<C extends Consumer>(design: Design<C>): (input: W4Input) => Promise<number> {
  return ({ hub, consumers, kept }) => {
    live = undefined;
    return broadcast(design, hub, attachAll(design, hub, consumers, kept as C[]), [GREETING]);
  };
}

/**
 * The delivery row: 50 broadcasts to consumers that stay attached from run to run. They are attached on
 * the row's first run after another row's, which is never timed: the harness's result check, mitata's
 * warm-up call at the start of each measurement, the memory child's warm-up run.
 */
function deliverRun<C extends Consumer>(design: Design<C>): (input: W4Input) => Promise<number> {
  return async (input) => {
    if (live === undefined || live.design !== (design as object) || live.consumers.length !== input.consumers) {
      live = undefined;
      const hub = newHub();
      const consumers = attachAll(design, hub, input.consumers, []);
      // Delivery is timed in its steady state, as a long-lived server's consumers run: the first rounds
      // after attaching ran 3–12× slower (drain(): 315 ms, then 19–31 ms, in a process of its own).
      for (let pass = 0; pass < WARM_PASSES; pass++) await broadcast(design, hub, consumers, MESSAGES);
      live = { design: design as unknown as Design<Consumer>, hub, consumers };
    }
    return broadcast(design, live.hub, live.consumers as C[], MESSAGES);
  };
}

/** The input of the run before, whose consumers {@link prepare} ends. */
let previous: W4Input | undefined;

/**
 * A fresh input per run (made before the run's time starts; see the harness's `timeOnce`). It first ends
 * the previous input's Siphon consumers, so that an attach row pays for attaching, not for finalizing the
 * consumers its previous run dropped: they become plain garbage, as the naive and bound rows' do.
 */
function prepare(size: number): W4Input {
  if (previous !== undefined) endConsumersOf(previous.hub);
  const input: W4Input = { consumers: size, hub: newHub(), kept: [] };
  previous = input;
  return input;
}

async function variants(): Promise<Registry<W4Input, number>> {
  const r = new Registry<W4Input, number>();
  const add = <C extends Consumer>(design: Design<C>): void => {
    r.add(deliver(design.label), deliverRun(design));
    r.add(attach(design.label), attachRun(design));
  };
  add(naive);
  add(bound);
  add(leavingBound);
  add(drainBound);
  add(drain);
  add(forAwait);
  add(batches);
  return r;
}

export const scenario = defineScenario<W4Input, number>({
  id: 'W4',
  title: 'fan-out: live consumers of one hub, 50 broadcasts, map((s) => s + "\\n")',
  url: import.meta.url,
  sizes: { full: 10_000, quick: 1_000, test: 50 },
  sizeUnit: 'consumers',
  prepare,
  chunksOf: (input) => input.consumers * BROADCASTS,
  chunksFor: (variant, input) => (attachRows.has(variant) ? input.consumers : input.consumers * BROADCASTS),
  // Every consumer got exactly what was broadcast to it: the attach rows' greeting, the delivery rows' 50.
  reference: ({ consumers }) => consumers,
  freshInputPerRun: true,
  reportRetained: true,
  beforeEachMeasure: endLeftovers,
  variants,
  floor: names.naiveDeliver,
  floorOf: (variant) => (attachRows.has(variant) ? names.naiveAttach : names.naiveDeliver),
  targets: [
    besideBound(
      slowerAtMost('W4 `drain()` delivery per value / naive', names.drainDeliver, names.naiveDeliver, 2),
      names.boundDeliver,
      names.naiveDeliver,
      'weak async bound row',
      'time',
    ),
    liveHeapAtMost('W4 `drain()` live heap per consumer / naive', names.drainAttach, names.naiveAttach, 2),
    besideBound(
      slowerAtMost(
        'W4 `drain()` attaching 10,000 (and a first message) / naive',
        names.drainAttach,
        names.naiveAttach,
        2,
      ),
      names.drainBoundAttach,
      names.naiveAttach,
      'weak drain() bound row',
      'time',
    ),
    besideBound(
      slowerAtMost(
        'W4 `for await` delivery per value / hand-written weak async iterator',
        names.forAwaitDeliver,
        names.boundDeliver,
        1.0,
      ),
      names.leavingBoundDeliver,
      names.boundDeliver,
      'leaving bound row',
      'time',
    ),
    liveHeapAtMost(
      'W4 `for await` live heap per consumer / hand-written weak async iterator',
      names.forAwaitAttach,
      names.boundAttach,
      1.2,
    ),
  ],
});

await runIfMain(scenario);
