// A long-lived stream (a shared log tail, a multiplexed socket) feeds 1,000 short-lived consumers one
// after another; every tenth ends in error. The naive design (a Transform given the consumer's callback,
// piped from the stream) keeps every consumer still attached alive. Siphon's consumers are collected,
// and the stream's listeners are back to where they started.
import { PassThrough } from 'node:stream';
import { decodeText, lines, map, pipe, take } from '@siphon/core';
import { measureRetention, type Track } from '@siphon/leakcheck';
import { LineCollector } from '@siphon/naive/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pullReadable } from './pull-readable.js';
import { toNodeTransform } from './to-node-transform.js';

const CONSUMERS = 1000;
const fails = (i: number): boolean => i % 10 === 0;
const failingCount = Array.from({ length: CONSUMERS }, (_, i) => i).filter(fails).length;

const EVENTS = ['data', 'readable', 'end', 'error', 'close', 'finish', 'drain', 'unpipe', 'pipe'] as const;
function listenerCounts(stream: PassThrough): number[] {
  return EVENTS.map((event) => stream.listenerCount(event));
}

/** Every MaxListenersExceededWarning emitted about `emitter` while a test runs. */
let warnings: { emitter: unknown }[] = [];
const onWarning = (warning: Error & { emitter?: unknown }): void => {
  if (warning.name === 'MaxListenersExceededWarning') warnings.push({ emitter: warning.emitter });
};
beforeEach(() => {
  warnings = [];
  process.on('warning', onWarning);
});
afterEach(() => {
  process.off('warning', onWarning);
});

function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function chunkFor(i: number): string {
  return `consumer ${i}: first line\nconsumer ${i}: second line\nconsumer ${i}: third line\n`;
}

/** A consumer of a few lines: what it collected, and how it ended. */
class LineConsumer {
  readonly lines: string[] = [];
  error: unknown;
}

function refuseWhen(failing: boolean) {
  return map((line: string) => {
    if (failing) throw new Error('consumer refused the line');
    return line;
  });
}

// Each consumer is made in a function of its own, so no test frame keeps the last one alive.

function attachNaive(hub: PassThrough, i: number): LineCollector {
  const collector = new LineCollector().listen(hub);
  if (fails(i)) collector.failWith(new Error(`consumer ${i} failed`));
  hub.write(chunkFor(i));
  return collector;
}

async function consumeWithPull(hub: PassThrough, i: number): Promise<LineConsumer> {
  const consumer = new LineConsumer();
  hub.write(chunkFor(i));
  const filter = pipe(decodeText(), lines(), take(3), refuseWhen(fails(i)));
  try {
    for await (const line of pullReadable(hub, filter, { destroyOnReturn: false })) consumer.lines.push(line);
  } catch (error) {
    consumer.error = error;
  }
  return consumer;
}

async function consumeWithTransform(hub: PassThrough, i: number, track: Track): Promise<LineConsumer> {
  const consumer = new LineConsumer();
  const transform = track(
    toNodeTransform(pipe(decodeText(), lines(), take(3), refuseWhen(fails(i)))),
    `transform ${i}`,
  );
  hub.pipe(transform);
  hub.write(chunkFor(i));
  try {
    for await (const line of transform) consumer.lines.push(line as string);
  } catch (error) {
    consumer.error = error;
  }
  hub.unpipe(transform);
  return consumer;
}

describe('a long-lived stream feeding 1,000 consumers one after another', () => {
  it('positive control: keeps every naive consumer still attached, and warns', async () => {
    const hub = new PassThrough();
    const report = await measureRetention(async (track) => {
      for (let i = 0; i < CONSUMERS; i++) {
        track(attachNaive(hub, i), `naive ${i}`);
        await turn();
      }
    });
    expect(report.tracked).toBe(CONSUMERS);
    // The failed ones were unpiped by Node when their transform errored; the rest are held by the hub.
    expect(report.retained).toBe(CONSUMERS - failingCount);
    expect(report.retainedLabels).not.toContain('naive 0');
    expect(hub.listenerCount('data')).toBe(CONSUMERS - failingCount);
    expect(warnings.some((warning) => warning.emitter === hub)).toBe(true);
    hub.destroy();
  });

  it('collects pullReadable consumers (destroyOnReturn: false) and restores the listeners', async () => {
    const hub = new PassThrough();
    const before = listenerCounts(hub);
    const outcomes = { done: 0, failed: 0 };
    const report = await measureRetention(async (track) => {
      for (let i = 0; i < CONSUMERS; i++) {
        const consumer = track(await consumeWithPull(hub, i), `siphon ${i}`);
        if (consumer.error === undefined && consumer.lines.length === 3) outcomes.done++;
        if (consumer.error !== undefined) outcomes.failed++;
      }
    });
    expect(outcomes).toEqual({ done: CONSUMERS - failingCount, failed: failingCount });
    expect(report).toEqual({ tracked: CONSUMERS, retained: 0, retainedLabels: [] });
    expect(listenerCounts(hub)).toEqual(before);
    expect(hub.destroyed).toBe(false);
    await turn();
    expect(warnings).toEqual([]);
  });

  it('collects toNodeTransform consumers piped and unpiped, and restores the listeners', async () => {
    const hub = new PassThrough();
    const before = listenerCounts(hub);
    const outcomes = { done: 0, failed: 0 };
    const report = await measureRetention(async (track) => {
      for (let i = 0; i < CONSUMERS; i++) {
        const consumer = track(await consumeWithTransform(hub, i, track), `siphon ${i}`);
        if (consumer.error === undefined && consumer.lines.length === 3) outcomes.done++;
        if (consumer.error !== undefined) outcomes.failed++;
      }
    });
    expect(outcomes).toEqual({ done: CONSUMERS - failingCount, failed: failingCount });
    expect(report).toEqual({ tracked: 2 * CONSUMERS, retained: 0, retainedLabels: [] });
    expect(listenerCounts(hub)).toEqual(before);
    await turn();
    expect(warnings).toEqual([]);
  });

  it('collects a pullReadable consumer dropped without closing, and then removes its listeners', async () => {
    const hub = new PassThrough();
    hub.setMaxListeners(200); // all 100 are attached at once until the collector finds them
    const before = listenerCounts(hub);
    const report = await measureRetention(async (track) => {
      for (let i = 0; i < 100; i++) {
        const iterator = pullReadable(hub, pipe(decodeText(), lines()), { destroyOnReturn: false });
        hub.write(`abandoned ${i}\n`);
        await iterator.next(); // now listening, and nothing waits: then the consumer forgets it
        track(iterator, `abandoned ${i}`);
      }
    });
    expect(report.retained).toBe(0);
    // FinalizationRegistry callbacks run in later tasks, not necessarily all in the first one.
    for (let i = 0; i < 20 && listenerCounts(hub).join() !== before.join(); i++) await turn();
    expect(listenerCounts(hub)).toEqual(before);
  });
});
