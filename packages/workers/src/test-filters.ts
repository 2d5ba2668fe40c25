/** Filters the tests run in worker threads (imported there by URL). */
import { createHash } from 'node:crypto';
import { batch, filter, flatMap, map, mapAsync, pipe, scan, take } from '@siphon/core';

export const double = map((n: number) => n * 2);

export const evensTimesThree = pipe(
  filter((n: number) => n % 2 === 0),
  map((n) => n * 3),
);

export const repeatByValue = flatMap((n: number) => Array.from({ length: n % 3 }, () => n));

export const doubleLater = mapAsync(async (n: number) => n * 2, { concurrency: 4 });

/** Spends a time proportional to the chunk's value, so batches finish out of order. */
export const uneven = map((n: number) => {
  const until = Date.now() + (n % 7);
  while (Date.now() < until);
  return n;
});

export const failOnSeven = map((n: number) => {
  if (n === 7) throw new RangeError('seven is not allowed');
  return n;
});

/** Throws an error with a field and a cause, to check both cross the thread boundary. */
export const failWithDetails = map((n: number) => {
  throw Object.assign(new Error(`bad ${n}`, { cause: new Error('root cause') }), { code: 'E_BAD' });
});

export const exitOnSeven = map((n: number) => {
  if (n === 7) process.exit(3);
  return n;
});

export const throwUncaughtOnSeven = mapAsync((n: number) => {
  if (n !== 7) return n;
  return new Promise<number>(() => {
    setTimeout(() => {
      throw new Error('uncaught in the worker');
    }, 0);
  });
});

/** Never finishes a chunk of 5: a task that is still running when the run stops. */
export const hangOnFive = mapAsync((n: number) =>
  n === 5 ? new Promise<number>(() => setInterval(() => undefined, 1000)) : n,
);

export const runningTotal = scan((total: number, n: number) => total + n, 0);

export const firstTwo = take(2);

export const sha = map((bytes: Uint8Array) => createHash('sha256').update(bytes).digest());

export const lengthOf = map((bytes: Uint8Array) => bytes.byteLength);

export const notAFilter = 42;

export const aFactory = () => double;

/** A running total of `n`; with `key`, one per user. */
export const runningTotalOfN = pipe(
  map((chunk: { n: number }) => chunk.n),
  scan((total: number, n: number) => total + n, 0),
);

/** Pairs up the `n`s it sees; the last, unfinished pair comes out when its run ends. */
export const pairsOfN = pipe(
  map((chunk: { n: number }) => chunk.n),
  batch(2),
);
