import { batch, collect, fromBatches, map, pipe, pull, pullBatches } from '@siphon/core';
import { describe, expect, it } from 'vitest';
import { closedAfterEach, poolsOf, range, stopped, threadsOf } from './test-support.js';

const stage = closedAfterEach();

describe('inWorkers', () => {
  it('gives what the filter gives in-process, in input order, through pull, pullBatches and collect', async () => {
    const triple = stage<number, number>('evensTimesThree', { batchSize: 7 });
    const input = range(100);
    const expected = input.filter((n) => n % 2 === 0).map((n) => n * 3);
    expect(await collect(fromBatches([input]), triple)).toEqual(expected);
    const pulled: number[] = [];
    for await (const n of pull(fromBatches([input]), triple)) pulled.push(n);
    expect(pulled).toEqual(expected);
    const batches: number[][] = [];
    for await (const out of pullBatches(fromBatches([input]), triple)) batches.push([...out]);
    expect(batches.flat()).toEqual(expected);
  });

  it('flushes the last, shorter batch at the end of the input, and handles an empty input', async () => {
    const double = stage<number, number>('double', { batchSize: 4 });
    expect(await collect(fromBatches([range(10)]), double)).toEqual(range(10).map((n) => n * 2));
    expect(await collect(fromBatches([[]]), double)).toEqual([]);
    expect(poolsOf(double)).toBe(0); // an empty run starts no thread
  });

  it('keeps the input order when batches finish out of order', async () => {
    const uneven = stage<number, number>('uneven', { batchSize: 2, maxInFlight: 3 });
    // Costs of 0–6 ms per chunk, so a later batch often comes back before an earlier one.
    const input = range(60).map((i) => (i * 5) % 13);
    expect(await collect(fromBatches([input]), uneven)).toEqual(input);
  });

  it('runs async filters in the worker, and works inside a larger pipeline', async () => {
    const later = stage<number, number>('doubleLater', { batchSize: 5 });
    const pipeline = pipe(
      map((n: number) => n + 1),
      later,
      batch(4),
    );
    expect(await collect(fromBatches([range(10)]), pipeline)).toEqual([
      [2, 4, 6, 8],
      [10, 12, 14, 16],
      [18, 20],
    ]);
    expect(later.name).toBe('inWorkers');
    expect(pipeline.name).toBe('pipe(map, inWorkers, batch)');
  });

  it('gives each batch a fresh run by default: a stateful filter restarts per batch', async () => {
    const total = stage<number, number>('runningTotal', { batchSize: 2 });
    expect(await collect(fromBatches([[1, 1, 1, 1, 1]]), total)).toEqual([1, 2, 1, 2, 1]);
  });

  it('keeps one run per key with options.key, and ends every key run at the end of the input', async () => {
    const total = stage<{ user: string; n: number }, number>('runningTotalOfN', {
      batchSize: 3,
      key: (chunk) => chunk.user,
    });
    const input = [
      { user: 'a', n: 1 },
      { user: 'b', n: 10 },
      { user: 'a', n: 2 },
      { user: 'c', n: 100 },
      { user: 'b', n: 20 },
      { user: 'a', n: 3 },
      { user: 'c', n: 200 },
    ];
    const byUser = new Map<string, number>();
    const expected = input.map(({ user, n }) => {
      const sum = (byUser.get(user) ?? 0) + n;
      byUser.set(user, sum);
      return sum;
    });
    expect(await collect(fromBatches([input]), total)).toEqual(expected);
  });

  it('gives every key run’s final outputs at the end of the input, in the order the keys first came', async () => {
    const pairs = stage<{ key: string; n: number }, number[]>('pairsOfN', { batchSize: 2, key: (chunk) => chunk.key });
    const input = ['x', 'y', 'z', 'x', 'y'].map((key, n) => ({ key, n }));
    // Full pairs as they fill, then each key's unfinished pair: x, y, z in order of first appearance.
    expect(await collect(fromBatches([input]), pairs)).toEqual([[0, 3], [1, 4], [2]]);
  });

  it('keyed: the same key always reaches the same run across threads and batches', async () => {
    const total = stage<{ user: string; n: number }, number>('runningTotalOfN', {
      threads: 3,
      batchSize: 5,
      maxInFlight: 2,
      key: (chunk) => chunk.user,
    });
    const input = range(300).map((i) => ({ user: `user-${i % 17}`, n: i }));
    const sums = new Map<string, number>();
    const expected = input.map(({ user, n }) => {
      const sum = (sums.get(user) ?? 0) + n;
      sums.set(user, sum);
      return sum;
    });
    expect(await collect(fromBatches([input]), total)).toEqual(expected);
  });

  it('moves whole-buffer Uint8Arrays to the worker and back with transfer: true, and copies pooled ones', async () => {
    const sha = stage<Uint8Array, Uint8Array>('sha', { transfer: true, batchSize: 3 });
    const chunks = range(8).map((i) => new Uint8Array(1024).fill(i));
    const pooled = Buffer.from('pooled'); // a view into Node's shared 8 KiB pool: must not move
    const outputs = await collect(fromBatches([[...chunks, pooled]]), sha);
    expect(outputs).toHaveLength(9);
    expect(outputs.every((digest) => digest.byteLength === 32)).toBe(true);
    expect(chunks.every((chunk) => chunk.byteLength === 0)).toBe(true); // moved: detached here
    expect(pooled.toString()).toBe('pooled');

    const copied = stage<Uint8Array, number>('lengthOf', { batchSize: 3 });
    const kept = range(4).map(() => new Uint8Array(16));
    expect(await collect(fromBatches([kept]), copied)).toEqual([16, 16, 16, 16]);
    expect(kept.every((chunk) => chunk.byteLength === 16)).toBe(true);
  });

  it('shares one pool between concurrent runs and stops it when the last run ends', async () => {
    const double = stage<number, number>('double', { batchSize: 1, maxInFlight: 1 });
    const first = pull(fromBatches([range(5)]), double);
    const second = pull(fromBatches([range(5)]), double);
    await first.next();
    await second.next();
    expect(poolsOf(double)).toBe(1);
    const threads = threadsOf(double);
    expect(threads).toHaveLength(2);
    await first.return();
    expect(poolsOf(double)).toBe(1);
    const rest: number[] = [];
    for await (const n of second) rest.push(n);
    expect(rest).toEqual([2, 4, 6, 8]);
    expect(poolsOf(double)).toBe(0);
    await stopped(double);
    expect(threads.every((thread) => thread.threadId === -1)).toBe(true);
  });
});
