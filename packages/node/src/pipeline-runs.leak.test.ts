// 10,000 pipeline() runs through toNodeTransform, half of them failing mid-stream (in the filter, the
// source or the destination): nothing of any run survives, and the heap returns to its baseline.
//
// The positive control runs the naive Node design the same number of times. Its transform is given the
// consumer's callback and, as cleanup is usually written, subscribes to a long-lived settings hub in its
// constructor and unsubscribes in `_flush`; a failed run never flushes, so the hub keeps its transform,
// and through the callback the consumer and every line it collected.
import { EventEmitter } from 'node:events';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { lines, map, mapAsync, pipe } from '@siphon/core';
import { collectGarbage, measureRetention, type Track } from '@siphon/leakcheck';
import { LineCollector } from '@siphon/naive/node';
import { describe, expect, it } from 'vitest';
import { toNodeTransform } from './to-node-transform.js';

const RUNS = 10_000;
const LINES_PER_RUN = 20;
const FAIL_AT_LINE = 15;
/** Far below what the failing half would hold if it leaked (about 5,000 × 2 KB of lines alone). */
const HEAP_BOUND = 4 * 1024 * 1024;

const fails = (i: number): boolean => i % 2 === 1;

function chunksFor(i: number): string[] {
  const line = (k: number): string => `run ${i} line ${k} `.padEnd(100, '.');
  const text = Array.from({ length: LINES_PER_RUN }, (_, k) => `${line(k)}\n`).join('');
  // Cut across line boundaries, as a socket would.
  return [text.slice(0, 777), text.slice(777, 1500), text.slice(1500)];
}

/** A source that hands out `chunks`, failing instead of sending the last one when `fail` is set. */
function sourceOf(chunks: readonly string[], fail: boolean): Readable {
  let next = 0;
  return new Readable({
    objectMode: true,
    read() {
      if (fail && next === chunks.length - 1) this.destroy(new Error('source failed'));
      else this.push(next < chunks.length ? chunks[next++] : null);
    },
  });
}

/** What a run's consumer keeps: the lines it received, and how it ended. */
class RunResult {
  readonly lines: string[] = [];
  error: unknown;
}

function sinkInto(result: RunResult, failAfter: number): Writable {
  return new Writable({
    objectMode: true,
    write(line: string, _encoding, callback) {
      if (result.lines.length === failAfter) return callback(new Error('destination failed'));
      result.lines.push(line);
      callback();
    },
  });
}

/** One run through toNodeTransform. Failures rotate between the filter, the source and the destination. */
async function siphonRun(i: number, track: Track): Promise<RunResult> {
  const result = track(new RunResult(), `result ${i}`);
  const failure = fails(i) ? (['filter', 'source', 'destination'] as const)[((i - 1) / 2) % 3]! : 'none';
  const refuse = map((line: string) => {
    if (failure === 'filter' && line.includes(`line ${FAIL_AT_LINE} `)) throw new Error('filter failed');
    return line.toUpperCase();
  });
  // Every fourth run takes the async path (mapAsync), the rest the synchronous one.
  const filter =
    i % 4 < 2
      ? pipe(lines(), refuse)
      : pipe(
          lines(),
          mapAsync(async (line: string) => line),
          refuse,
        );
  const transform = track(toNodeTransform(filter), `transform ${i}`);
  const destination = sinkInto(result, failure === 'destination' ? FAIL_AT_LINE : Infinity);
  try {
    await pipeline(sourceOf(chunksFor(i), failure === 'source'), transform, destination);
  } catch (error) {
    result.error = error;
  }
  return result;
}

/** One run of the naive design, failing in the consumer's callback or in the source. */
async function naiveRun(i: number, settings: EventEmitter, track: Track): Promise<LineCollector> {
  const collector = track(new LineCollector({ settings }), `naive ${i}`);
  const failure = fails(i) ? (i % 4 === 1 ? 'consumer' : 'source') : 'none';
  if (failure === 'consumer') collector.failWith(new Error('consumer failed'), FAIL_AT_LINE);
  await pipeline(
    sourceOf(chunksFor(i), failure === 'source'),
    collector.transform,
    new Writable({ write: (_c, _e, cb) => cb() }),
  ).catch(() => undefined);
  return collector;
}

async function heapUsed(): Promise<number> {
  await collectGarbage();
  return process.memoryUsage().heapUsed;
}

describe('10,000 pipeline() runs, half failing mid-stream', () => {
  it('positive control: the naive design keeps every failed run alive, and the heap grows', async () => {
    const settings = new EventEmitter();
    settings.setMaxListeners(0); // the warning is not what this test measures
    const baseline = await heapUsed();
    const report = await measureRetention(async (track) => {
      for (let i = 0; i < RUNS; i++) await naiveRun(i, settings, track);
    });
    const growth = (await heapUsed()) - baseline;
    expect(report.tracked).toBe(RUNS);
    expect(report.retained).toBe(RUNS / 2);
    expect(report.retainedLabels.every((label) => fails(Number(label.split(' ')[1])))).toBe(true);
    expect(growth).toBeGreaterThan(HEAP_BOUND);
    settings.removeAllListeners();
  });

  it('toNodeTransform keeps nothing of any run, and the heap returns to its baseline', async () => {
    // Warm up first, so that compiled code and Node's own caches are already in the baseline.
    await measureRetention(async (track) => {
      for (let i = 0; i < 200; i++) await siphonRun(i, track);
    });
    const baseline = await heapUsed();
    const outcomes = { ok: 0, failed: 0 };
    const report = await measureRetention(async (track) => {
      for (let i = 0; i < RUNS; i++) {
        const result = await siphonRun(i, track);
        if (result.error === undefined && result.lines.length === LINES_PER_RUN) outcomes.ok++;
        else if (result.error !== undefined) outcomes.failed++;
      }
    });
    const growth = (await heapUsed()) - baseline;
    expect(outcomes).toEqual({ ok: RUNS / 2, failed: RUNS / 2 });
    expect(report).toEqual({ tracked: 2 * RUNS, retained: 0, retainedLabels: [] });
    expect(growth).toBeLessThan(HEAP_BOUND);
  });
});
