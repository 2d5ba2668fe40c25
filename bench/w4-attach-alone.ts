/**
 * W4's attach rows, each design in a process of its own: attach 10,000 `drain()`-style consumers to a
 * fresh hub, serve them one message and drain them, 300 times, the previous round's consumers ended (by
 * the hub's `'error'`, where they listen to it) and dropped first, as W4's fresh inputs do. W4 times its
 * attach rows in one process beside its delivery rows; there, what one row's consumers leave to the
 * garbage collector lands in another row's runs, and the head-to-head rounds spread several times over.
 *
 * `cd bench && node --import tsx w4-attach-alone.ts` prints each design's median and 10th percentile
 * time per round, and the ratios to naive's median.
 */
import { execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { fromEvent, map, pull, type AsyncPullIterator } from '@siphon/core';
import { AddLF, type Filter as NaiveFilter } from '@siphon/naive';
import { WeakDrainConsumer } from './w4-weak-drain.js';

const EVENT = 'msg';
const appendLF = (s: string): string => s + '\n';
const addLF = map(appendLF);

interface Consumer {
  chars: number;
  take(): void;
}

class NaiveConsumer implements Consumer {
  chars = 0;
  readonly filter: NaiveFilter = new AddLF(this.theCallback.bind(this));
  theCallback(data: string): void {
    this.chars += data.length;
  }
  take(): void {}
}

class DrainConsumer implements Consumer {
  chars = 0;
  constructor(private readonly lines: { drain(): readonly string[] }) {}
  take(): void {
    const ready = this.lines.drain();
    for (let i = 0; i < ready.length; i++) this.chars += ready[i]!.length;
  }
}

export const designs = {
  naive(hub: EventEmitter): Consumer {
    const consumer = new NaiveConsumer();
    const filter = consumer.filter;
    hub.on(EVENT, filter.update.bind(filter));
    return consumer;
  },
  bound: (hub: EventEmitter): Consumer =>
    new DrainConsumer(new WeakDrainConsumer<string, string>(hub, EVENT, appendLF)),
  siphon: (hub: EventEmitter): Consumer =>
    new DrainConsumer(pull(fromEvent<string>(hub, EVENT), addLF) as AsyncPullIterator<string>),
} as const;

export type DesignName = keyof typeof designs;

/** Times `rounds` rounds of `design`; returns the median and 10th percentile, in ms. */
export async function timeAttach(
  design: DesignName,
  consumers: number,
  rounds: number,
): Promise<{ median: number; p10: number }> {
  const attach = designs[design];
  const times: number[] = [];
  // The previous round's consumers, ended and dropped at the start of the next.
  const previous: { hub: EventEmitter; kept: Consumer[] }[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const { hub } of previous) if (hub.listenerCount('error') > 0) hub.emit('error', new Error('over'));
    previous.length = 0;
    // A turn of the event loop now and then, so that finalizers run as they would in a server.
    if (round % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
    const hub = new EventEmitter();
    hub.setMaxListeners(0);
    const start = performance.now();
    const kept: Consumer[] = [];
    for (let i = 0; i < consumers; i++) kept.push(attach(hub));
    hub.emit(EVENT, '{"hello":"welcome"}');
    for (let i = 0; i < kept.length; i++) kept[i]!.take();
    times.push(performance.now() - start);
    if (kept.some((consumer) => consumer.chars !== 20)) throw new Error(`${design}: a consumer missed the message`);
    previous.push({ hub, kept });
  }
  times.sort((a, b) => a - b);
  return { median: times[times.length >> 1]!, p10: times[Math.floor(times.length / 10)]! };
}

const self = fileURLToPath(import.meta.url);
if (process.argv[1] === self) {
  const child = process.argv[2] as DesignName | undefined;
  if (child !== undefined) {
    process.stdout.write(`${JSON.stringify(await timeAttach(child, 10_000, 300))}\n`);
  } else {
    const results = new Map<DesignName, { median: number; p10: number }>();
    for (const design of Object.keys(designs) as DesignName[]) {
      const out = execFileSync(process.execPath, [...process.execArgv, self, design], { encoding: 'utf8' });
      results.set(design, JSON.parse(out.trim().split('\n').at(-1)!) as { median: number; p10: number });
    }
    const naive = results.get('naive')!.median;
    for (const [design, { median, p10 }] of results) {
      const ratio = (median / naive).toFixed(2);
      console.log(`${design.padEnd(7)} median ${median.toFixed(2)} ms  p10 ${p10.toFixed(2)} ms  ${ratio}× naive`);
    }
  }
}
