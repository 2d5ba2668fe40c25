import { pipeline } from 'node:stream/promises';
import { Readable, Writable } from 'node:stream';
import { collect, fromBatches, pipe, pull, take } from '@siphon/core';
import { toNodeTransform } from '@siphon/node';
import { toTransformStream } from '@siphon/web';
import { describe, expect, it } from 'vitest';
import { inWorkers } from './in-workers.js';
import { closedAfterEach, exited, filters, poolsOf, range, stopped, threadsOf } from './test-support.js';

const stage = closedAfterEach();

/** Node's handles and requests that keep the event loop alive. */
function resources(): string[] {
  return process.getActiveResourcesInfo();
}

/** What `after` has that `before` had not (a timer of the test runner's may come and go). */
function added(before: readonly string[], after: readonly string[]): string[] {
  const left = [...before];
  return after.filter((name) => {
    const at = left.indexOf(name);
    if (at === -1) return true;
    left.splice(at, 1);
    return false;
  });
}

describe('inWorkers teardown', () => {
  it('break with a task still running in a worker: the task is cancelled and every thread exits', async () => {
    const before = resources();
    const hanging = stage<number, number>('hangOnFive', { batchSize: 1, maxInFlight: 2 });
    const seen: number[] = [];
    let threads: ReturnType<typeof threadsOf> = [];
    for await (const n of pull(fromBatches([range(50)]), hanging)) {
      seen.push(n);
      threads = threadsOf(hanging);
      // 5 never comes back, so 3 is the last one out; 5 and the chunks after it are in flight now.
      if (n === 3) break;
    }
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(threads).toHaveLength(2);
    expect(poolsOf(hanging)).toBe(0);
    await stopped(hanging);
    expect(threads.every(exited)).toBe(true);
    expect(added(before, resources())).toEqual([]);
  });

  it('return() while next() waits on a hung task ends the run, and a take() downstream does the same', async () => {
    const hanging = stage<number, number>('hangOnFive', { batchSize: 2 });
    const iterator = pull(fromBatches([range(20)]), hanging);
    for (let i = 0; i < 4; i++) await iterator.next();
    const threads = threadsOf(hanging);
    const waiting = iterator.next(); // waits on the batch holding 5
    await iterator.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    await stopped(hanging);
    expect(threads.every(exited)).toBe(true);

    expect(await collect(fromBatches([range(20)]), pipe(hanging, take(3)))).toEqual([0, 1, 2]);
    expect(poolsOf(hanging)).toBe(0);
  });

  it('one run stopping early cancels only its own tasks: a run sharing the pool goes on', async () => {
    const hanging = stage<number, number>('hangOnFive', { batchSize: 1, maxInFlight: 1 });
    const stuck = pull(fromBatches([range(10)]), hanging);
    for (let i = 0; i < 5; i++) await stuck.next(); // 0–4 out; 5 hangs on one thread
    const other = pull(fromBatches([[10, 11, 12, 13, 14, 15]]), hanging);
    expect((await other.next()).value).toBe(10);
    await stuck.return(); // terminates the thread stuck on 5; piscina starts a replacement
    const rest: number[] = [];
    for await (const n of other) rest.push(n);
    expect(rest).toEqual([11, 12, 13, 14, 15]);
    expect(poolsOf(hanging)).toBe(0);
  });

  it('close() stops a running run’s threads, fails that run with an error saying so, and a later run starts afresh', async () => {
    const hanging = stage<number, number>('hangOnFive', { batchSize: 1 });
    const iterator = pull(fromBatches([range(10)]), hanging);
    for (let i = 0; i < 5; i++) await iterator.next();
    const threads = threadsOf(hanging);
    const waiting = iterator.next().catch((error: unknown) => error);
    await hanging.close();
    expect(threads.every(exited)).toBe(true);
    expect(String(await waiting)).toBe(
      'FilterError: inWorkers (stage 2 of 3) failed: Error: inWorkers(): the stage was closed (close() or await using) while this run was using it',
    );
    expect(await collect(fromBatches([[1, 2, 3]]), hanging)).toEqual([1, 2, 3]);
  });

  it('await using closes the stage at the end of the scope', async () => {
    let threads: ReturnType<typeof threadsOf>;
    {
      await using double = inWorkers<number, number>(filters, 'double', { threads: 1 });
      const iterator = pull(fromBatches([range(5)]), double);
      expect((await iterator.next()).value).toBe(0);
      threads = threadsOf(double);
      expect(threads).toHaveLength(1);
    }
    expect(threads.every(exited)).toBe(true);
  });

  it('keyed runs stop their own threads however they end', async () => {
    const total = stage<{ user: string; n: number }, number>('runningTotalOfN', { key: (chunk) => chunk.user });
    const input = range(30).map((n) => ({ user: `u${n % 4}`, n }));
    const iterator = pull(fromBatches([input]), total);
    await iterator.next();
    const threads = threadsOf(total);
    expect(threads).toHaveLength(2); // one single-thread pool per slot
    await iterator.return();
    await stopped(total);
    expect(threads.every(exited)).toBe(true);
    expect((await collect(fromBatches([input]), total)).length).toBe(30);
    expect(poolsOf(total)).toBe(0);
  });

  it('runs in toNodeTransform inside pipeline(), in order', async () => {
    const double = stage<number, number>('double', { batchSize: 8 });
    const out: number[] = [];
    await pipeline(
      Readable.from(range(100)),
      toNodeTransform(double),
      new Writable({
        objectMode: true,
        write(chunk: number, _encoding, done) {
          out.push(chunk);
          done();
        },
      }),
    );
    expect(out).toEqual(range(100).map((n) => n * 2));
    await stopped(double);
    expect(poolsOf(double)).toBe(0);
  });

  it('an aborted toNodeTransform signal with a task hung in a worker ends the run and every thread', async () => {
    const hanging = stage<number, number>('hangOnFive', { batchSize: 1 });
    const controller = new AbortController();
    const out: number[] = [];
    let threads: ReturnType<typeof threadsOf> = [];
    const done = pipeline(
      Readable.from(range(20)),
      toNodeTransform(hanging, { signal: controller.signal }),
      new Writable({
        objectMode: true,
        write(chunk: number, _encoding, next) {
          out.push(chunk);
          threads = threadsOf(hanging);
          if (chunk === 4) controller.abort(); // 5 is hung in a worker now
          next();
        },
      }),
    );
    await expect(done).rejects.toMatchObject({ name: 'AbortError' });
    expect(out).toEqual([0, 1, 2, 3, 4]);
    await stopped(hanging);
    expect(threads.length).toBeGreaterThan(0);
    expect(threads.every(exited)).toBe(true);
    expect(poolsOf(hanging)).toBe(0);
  });

  it('runs in toTransformStream, in order', async () => {
    const double = stage<number, number>('double', { batchSize: 8 });
    const out: number[] = [];
    const source = new ReadableStream<number>({
      start(controller) {
        for (const n of range(50)) controller.enqueue(n);
        controller.close();
      },
    });
    await source.pipeThrough(toTransformStream(double)).pipeTo(new WritableStream({ write: (n) => void out.push(n) }));
    expect(out).toEqual(range(50).map((n) => n * 2));
  });
});
