/**
 * W3 lifecycles: 100,000 consumers are created on one long-lived source, each fed 10 chunks of its
 * own, then dropped without any cleanup. Measures what stays on the heap after a full GC while the
 * source is still alive, the GC pauses, and the time. The naive consumer is the incident's `Foo`
 * wired with `attach()`; Siphon's consumers pull through `fromEvent` (with `pull` or a `start` stepper).
 */
import { EventEmitter } from 'node:events';
import { fromEvent, map, pipe, pull, start, type Filter, type PushIterator } from '@siphon/core';
import { attach, Foo } from '@siphon/naive';
import { Registry } from './harness/registry.js';
import { runIfMain } from './harness/run-scenario.js';
import { defineScenario } from './harness/scenario.js';
import { besideBound, memoryAtMost, speedAtLeast } from './harness/targets.js';
import { LeavingWeakIterator } from './leaving-weak-iterator.js';
import { WeakMapIterator } from './w4-weak-iterator.js';

export interface W3Input {
  /** The long-lived source: it outlives every consumer. Each consumer listens to an event of its own. */
  readonly hub: EventEmitter;
  readonly consumers: number;
  readonly chunks: readonly string[];
}

export const names = {
  naive: 'naive Foo + attach() (never detached)',
  siphonPull: 'Siphon pull(fromEvent) (dropped, not closed)',
  siphonStepper: 'Siphon fromEvent + start() stepper (dropped)',
  siphonClosed: 'Siphon pull(fromEvent), closed with return()',
  awaitedBound: 'bound: hand-written weakly-held async iterator (W4 bound row), read with await',
  leavingBound: 'bound: the same, leaving its emitter when collected, read with await',
} as const;

const CHUNKS = [
  'GET /index.html',
  'Host: example.com',
  'Accept: */*',
  'X-Request: 1',
  'X-Trace: abc',
  'Cookie: a=b',
  'DNT: 1',
  'Via: proxy',
  'X-Forwarded-For: 10.0.0.1',
  'Connection: close',
];

const appendLF = (chunk: string): string => chunk + '\n';
const addLF: Filter<string, string> = pipe(map(appendLF));

function prepare(size: number): W3Input {
  const hub = new EventEmitter();
  hub.setMaxListeners(0);
  return { hub, consumers: size, chunks: CHUNKS };
}

function feed(hub: EventEmitter, event: string, chunks: readonly string[]): void {
  for (let k = 0; k < chunks.length; k++) hub.emit(event, chunks[k]);
}

// Each consumer is made in a function of its own, so that nothing in the driving loop's frame keeps it.
function naiveConsumer(hub: EventEmitter, event: string, chunks: readonly string[]): number {
  const foo = new Foo();
  attach(foo, hub, event);
  feed(hub, event, chunks);
  return foo.allData().length;
}

class PullConsumer {
  private readonly data: string[] = [];
  private readonly outputs: AsyncIterator<string>;
  constructor(hub: EventEmitter, event: string) {
    this.outputs = pull(fromEvent<string>(hub, event), addLF);
  }
  async read(count: number): Promise<void> {
    for (let k = 0; k < count; k++) {
      const result = await this.outputs.next();
      if (result.done === true) return;
      this.data.push(result.value);
    }
  }
  close(): Promise<unknown> {
    return this.outputs.return!();
  }
  allData(): string {
    return this.data.join('');
  }
}

class StepperConsumer {
  private readonly data: string[] = [];
  private readonly source: PushIterator<string>;
  private readonly stepper = start(addLF);
  constructor(hub: EventEmitter, event: string) {
    this.source = fromEvent<string>(hub, event);
  }
  async read(count: number): Promise<void> {
    for (let k = 0; k < count; k++) {
      const result = await this.source.next();
      if (result.done === true) return;
      this.data.push(...this.stepper.push(result.value));
    }
  }
  allData(): string {
    return this.data.join('');
  }
}

async function pullConsumer(
  hub: EventEmitter,
  event: string,
  chunks: readonly string[],
  close: boolean,
): Promise<number> {
  const consumer = new PullConsumer(hub, event);
  feed(hub, event, chunks);
  await consumer.read(chunks.length);
  if (close) await consumer.close();
  return consumer.allData().length;
}

/**
 * The bound rows' consumer: what reading 10 values with `await` costs, through the least a weakly held
 * async iterator can be. W4's bound row (`leaving` false) is for time only: a dropped one leaves its
 * emitter only at its buffer's overflow, which W3 never reaches, so it piles up as the naive design does.
 * With `leaving`, a finalizer entry takes it off the emitter once collected, as a Siphon consumer leaves.
 */
async function awaitedConsumer(
  hub: EventEmitter,
  event: string,
  chunks: readonly string[],
  leaving: boolean,
): Promise<number> {
  const outputs = leaving
    ? new LeavingWeakIterator<string, string>(hub, event, appendLF)
    : new WeakMapIterator<string, string>(hub, event, appendLF);
  feed(hub, event, chunks);
  const data: string[] = [];
  for (let k = 0; k < chunks.length; k++) {
    const result = await outputs.next();
    if (result.done === true) break;
    data.push(result.value);
  }
  return data.join('').length;
}

async function stepperConsumer(hub: EventEmitter, event: string, chunks: readonly string[]): Promise<number> {
  const consumer = new StepperConsumer(hub, event);
  feed(hub, event, chunks);
  await consumer.read(chunks.length);
  return consumer.allData().length;
}

/**
 * Consumers of a server arrive over many event-loop turns, not in one synchronous burst: every variant
 * yields a macrotask every {@link PER_TURN} consumers. It matters for correctness of the measure too: a
 * `WeakRef` target stays alive until the current job ends, and `FinalizationRegistry` callbacks run
 * in tasks, so a loop that never yields would keep every dropped consumer alive whatever the design.
 */
const PER_TURN = 1000;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

// Each variant's loop is written out rather than shared: one loop calling every variant's consumer would
// be one call site for all of them in this process, and the naive loop must not await per consumer.
async function variants(): Promise<Registry<W3Input, number>> {
  const r = new Registry<W3Input, number>();
  r.add(names.naive, async ({ hub, consumers, chunks }) => {
    let total = 0;
    for (let i = 0; i < consumers; i++) {
      if (i % PER_TURN === 0) await nextTurn();
      total += naiveConsumer(hub, `c${i}`, chunks);
    }
    return total;
  });
  r.add(names.siphonPull, async ({ hub, consumers, chunks }) => {
    let total = 0;
    for (let i = 0; i < consumers; i++) {
      if (i % PER_TURN === 0) await nextTurn();
      total += await pullConsumer(hub, `c${i}`, chunks, false);
    }
    return total;
  });
  r.add(names.siphonStepper, async ({ hub, consumers, chunks }) => {
    let total = 0;
    for (let i = 0; i < consumers; i++) {
      if (i % PER_TURN === 0) await nextTurn();
      total += await stepperConsumer(hub, `c${i}`, chunks);
    }
    return total;
  });
  r.add(names.awaitedBound, async ({ hub, consumers, chunks }) => {
    let total = 0;
    for (let i = 0; i < consumers; i++) {
      if (i % PER_TURN === 0) await nextTurn();
      total += await awaitedConsumer(hub, `c${i}`, chunks, false);
    }
    return total;
  });
  r.add(names.leavingBound, async ({ hub, consumers, chunks }) => {
    let total = 0;
    for (let i = 0; i < consumers; i++) {
      if (i % PER_TURN === 0) await nextTurn();
      total += await awaitedConsumer(hub, `c${i}`, chunks, true);
    }
    return total;
  });
  r.add(names.siphonClosed, async ({ hub, consumers, chunks }) => {
    let total = 0;
    for (let i = 0; i < consumers; i++) {
      if (i % PER_TURN === 0) await nextTurn();
      total += await pullConsumer(hub, `c${i}`, chunks, true);
    }
    return total;
  });
  return r;
}

export const scenario = defineScenario<W3Input, number>({
  id: 'W3',
  title: 'lifecycles: consumers created on one long-lived source, fed 10 chunks each, dropped',
  url: import.meta.url,
  sizes: { full: 100_000, quick: 10_000, test: 200 },
  sizeUnit: 'consumers',
  prepare,
  chunksOf: (input) => input.consumers * input.chunks.length,
  reference: ({ consumers, chunks }) => consumers * chunks.reduce((sum, chunk) => sum + chunk.length + 1, 0),
  freshInputPerRun: true,
  reportRetained: true,
  variants,
  floor: names.naive,
  targets: [
    besideBound(
      besideBound(
        speedAtLeast('W3 Siphon `pull(fromEvent)` time / naive', names.siphonPull, names.naive, 0.8),
        names.awaitedBound,
        names.naive,
        'awaited-reads bound',
      ),
      names.leavingBound,
      names.naive,
      'leaving bound',
    ),
    memoryAtMost('W3 Siphon retained heap / naive retained heap', 'retainedBytes', names.siphonPull, names.naive, 0.01),
  ],
});

await runIfMain(scenario);
