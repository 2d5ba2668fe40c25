import { measureRetention, type Track } from '@siphon/leakcheck';
import { AddCRLF, LineSplitter, Multicast } from '@siphon/naive';
import { describe, expect, it } from 'vitest';
import { lines, map, pipe, pull, start, type Filter, type Stepper } from '../index.js';

// Leak scenario 4: one filter value, a module-level constant, serves many pipelines. Holding it for
// ever must keep none of the consumers that ran it. Positive control: one naive filter instance shared
// the same way keeps every consumer that subscribed to it.

const N = 1000;

// Module-level and never released: exactly what must not pin anyone.
const crlfLines: Filter<string, string> = pipe(
  lines(),
  map((line: string) => line + '\r\n'),
);

// The naive counterpart: one splitter and one AddCRLF, built once; consumers subscribe to their output.
const naiveLines = new Multicast();
const naiveCrlf = new AddCRLF(naiveLines.callback);
const naiveCrlfLines = new LineSplitter((line) => naiveCrlf.update(line));

/** A digest-style consumer on the shared Siphon filter: `update()` pushes, outputs are returned. */
class StepConsumer {
  readonly received: string[] = [];
  private readonly stepper: Stepper<string, string> = start(crlfLines);

  update(chunk: string): void {
    this.received.push(...this.stepper.push(chunk));
  }

  finish(): void {
    this.received.push(...this.stepper.end());
  }
}

/** The same consumer on the shared naive filter: it subscribes its bound method to the filter's output. */
class NaiveConsumer {
  readonly received: string[] = [];

  constructor() {
    naiveLines.subscribe(this.onLine.bind(this));
  }

  update(chunk: string): void {
    naiveCrlfLines.update(chunk);
  }

  onLine(line: string): void {
    this.received.push(line);
  }
}

function stepConsumers(track: Track, finish: boolean): void {
  for (let i = 0; i < N; i++) {
    const consumer = track(new StepConsumer(), `siphon consumer ${i}`);
    consumer.update(`line ${i}\nunfinished ${i}`);
    if (finish) consumer.finish();
    if (consumer.received[0] !== `line ${i}\r\n`) throw new Error(`unexpected output ${consumer.received[0]}`);
  }
}

function naiveConsumers(track: Track): void {
  for (let i = 0; i < N; i++) track(new NaiveConsumer(), `naive consumer ${i}`).update(`line ${i}\n`);
}

/** Sync pull: a consumer takes the first line of its input and walks away without closing the run. */
function syncPullers(track: Track): void {
  for (let i = 0; i < N; i++) {
    const consumer = track({ run: pull([`a ${i}\nb ${i}\nc`], crlfLines), first: '' }, `siphon consumer ${i}`);
    consumer.first = consumer.run.next().value ?? '';
  }
}

async function* endless(i: number): AsyncGenerator<string, never, undefined> {
  for (let n = 0; ; n++) yield `${i}:${n}\n`;
}

async function asyncPullers(track: Track): Promise<void> {
  const runs: Array<{ run: AsyncIterableIterator<string>; first: string }> = [];
  for (let i = 0; i < N; i++) runs.push(track({ run: pull(endless(i), crlfLines), first: '' }, `siphon consumer ${i}`));
  await Promise.all(
    runs.map(async (consumer) => {
      consumer.first = (await consumer.run.next()).value ?? '';
    }),
  );
}

async function naiveRetained(): Promise<number> {
  const report = await measureRetention((track) => naiveConsumers(track));
  return report.retained;
}

describe('leak: a filter value shared by many pipelines', () => {
  it('with start(): consumers that finish and consumers abandoned mid-line are all collected', async () => {
    expect(await naiveRetained()).toBe(N); // proof that the check sees a leak

    const finished = await measureRetention((track) => stepConsumers(track, true));
    expect(finished.tracked).toBe(N);
    expect(finished.retained).toBe(0);

    const abandoned = await measureRetention((track) => stepConsumers(track, false));
    expect(abandoned.tracked).toBe(N);
    expect(abandoned.retained).toBe(0);
  });

  it('with pull(): sync and async runs abandoned before their end are all collected', async () => {
    expect(await naiveRetained()).toBe(N); // proof that the check sees a leak

    const sync = await measureRetention((track) => syncPullers(track));
    expect(sync.tracked).toBe(N);
    expect(sync.retained).toBe(0);

    const asyncRuns = await measureRetention((track) => asyncPullers(track));
    expect(asyncRuns.tracked).toBe(N);
    expect(asyncRuns.retained).toBe(0);
  });

  it('still works for the next consumer after all that', () => {
    const consumer = new StepConsumer();
    consumer.update('x\ny');
    consumer.finish();
    expect(consumer.received).toEqual(['x\r\n', 'y\r\n']);
  });
});
