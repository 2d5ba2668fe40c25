// Every way a run can end must close the source once (its `finally` runs once) and run every filter's
// cleanup once, on the sync host, the async hosts and the stepper.
import { describe, expect, it } from 'vitest';
import { FilterError } from '../filter-error.js';
import { defineFilter } from '../filters/define-filter.js';
import { map } from '../filters/map.js';
import { pipe } from '../filters/pipe.js';
import { take } from '../filters/take.js';
import type { Filter } from '../filter.js';
import {
  asyncSource,
  newFilterLog,
  newLog,
  syncSource,
  tracked,
  type FilterLog,
  type SourceLog,
} from '../test-support.js';
import { collect } from './collect.js';
import { pull } from './pull.js';
import { pullBatches } from './pull-batches.js';

interface Run {
  source: SourceLog;
  first: FilterLog;
  last: FilterLog;
  pipeline: Filter<number, number>;
}

/** Two tracked filters around a stage that fails on `failOn` (if given). */
function setup(failOn?: number, extra: Filter<number, number> = map((n: number) => n)): Run {
  const first = newFilterLog();
  const last = newFilterLog();
  const pipeline = pipe(
    tracked<number>(first, 'first'),
    tracked<number>(newFilterLog(), 'boom', (n) => n === failOn),
    extra,
    tracked<number>(last, 'last'),
  );
  return { source: newLog(), first, last, pipeline };
}

function expectClosedOnce(run: Run): void {
  expect(run.source.finallyRuns).toBe(1);
  expect(run.first.cleanups).toBe(1);
  expect(run.last.cleanups).toBe(1);
}

const values = [1, 2, 3, 4, 5];

describe('teardown on the sync host', () => {
  it('at the end of the input', () => {
    const run = setup();
    expect([...pull(syncSource(values, run.source), run.pipeline)]).toEqual(values);
    expectClosedOnce(run);
    expect(run.last.ends).toBe(1);
  });

  it('on break', () => {
    const run = setup();
    for (const value of pull(syncSource(values, run.source), run.pipeline)) if (value === 2) break;
    expectClosedOnce(run);
    expect(run.source.reads).toBe(2);
    expect(run.last.ends).toBe(0);
  });

  it('on return(), called twice, and next() after it', () => {
    const run = setup();
    const it = pull(syncSource(values, run.source), run.pipeline);
    it.next();
    expect(it.return()).toEqual({ value: undefined, done: true });
    expect(it.return()).toEqual({ value: undefined, done: true });
    expect(it.next()).toEqual({ value: undefined, done: true });
    expectClosedOnce(run);
  });

  it('on Symbol.dispose (a `using` declaration)', () => {
    const run = setup();
    {
      const it = pull(syncSource(values, run.source), run.pipeline);
      it.next();
      it[Symbol.dispose]();
      it[Symbol.dispose]();
    }
    expectClosedOnce(run);
  });

  it('on an error thrown in a filter, which arrives as a FilterError with the cause', () => {
    const run = setup(3);
    const it = pull(syncSource(values, run.source), run.pipeline);
    expect(it.next().value).toBe(1);
    expect(it.next().value).toBe(2);
    let error: unknown;
    try {
      it.next();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FilterError);
    expect(error).toMatchObject({ filter: 'boom', stage: 2, stages: 4 });
    expect((error as Error).message).toBe('boom (stage 2 of 4) failed: Error: boom refused 3');
    expect(((error as FilterError).cause as Error).message).toBe('boom refused 3');
    expect(it.next().done).toBe(true);
    it.return();
    expectClosedOnce(run);
  });

  it('on an error from the source, which arrives unwrapped', () => {
    const run = setup();
    expect(() => collect(syncSource(values, run.source, 2), run.pipeline)).toThrow(new Error('source failed'));
    expectClosedOnce(run);
  });

  it('when take finishes: the source closes at once, before the outputs are handed out', () => {
    const run = setup(undefined, take(2));
    const it = pull(syncSource(values, run.source), run.pipeline);
    expect(it.next().value).toBe(1);
    expect(run.source.finallyRuns).toBe(0);
    expect(it.next().value).toBe(2);
    expect(run.source.finallyRuns).toBe(1);
    expect(it.next().done).toBe(true);
    expectClosedOnce(run);
    expect(run.source.reads).toBe(2);
  });

  it('when return() comes before the first next(): the source is never opened', () => {
    const run = setup();
    const it = pull(syncSource(values, run.source), run.pipeline);
    it.return();
    expect(it.next().done).toBe(true);
    expect(run.source.finallyRuns).toBe(0);
    expect(run.first.inits).toBe(0);
  });

  it('a cleanup that throws does not stop the other cleanups, and its error is reported', () => {
    const run = setup();
    const badCleanup = defineFilter<number, number>('badCleanup', () => ({
      step: (n) => [n],
      cleanup() {
        throw new Error('cleanup failed');
      },
    }));
    let error: unknown;
    try {
      collect(syncSource(values, run.source), pipe(run.pipeline, badCleanup, tracked<number>(newFilterLog())));
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ name: 'FilterError', filter: 'badCleanup', stage: 5 });
    expectClosedOnce(run);
  });
});

describe('teardown on the async hosts', () => {
  it('at the end of the input', async () => {
    const run = setup();
    const out: number[] = [];
    for await (const value of pull(asyncSource(values, run.source), run.pipeline)) out.push(value);
    expect(out).toEqual(values);
    expectClosedOnce(run);
  });

  it('on break', async () => {
    const run = setup();
    for await (const value of pull(asyncSource(values, run.source), run.pipeline)) if (value === 2) break;
    expectClosedOnce(run);
    expect(run.source.reads).toBe(2);
  });

  it('on return(), called twice', async () => {
    const run = setup();
    const it = pull(asyncSource(values, run.source), run.pipeline);
    await it.next();
    await it.return();
    await it.return();
    expect(await it.next()).toEqual({ value: undefined, done: true });
    expectClosedOnce(run);
  });

  it('on Symbol.asyncDispose', async () => {
    const run = setup();
    const it = pull(asyncSource(values, run.source), run.pipeline);
    await it.next();
    await it[Symbol.asyncDispose]();
    expectClosedOnce(run);
  });

  it('on an error thrown in a filter', async () => {
    const run = setup(3);
    const it = pull(asyncSource(values, run.source), run.pipeline);
    expect((await it.next()).value).toBe(1);
    expect((await it.next()).value).toBe(2);
    const error = await it.next().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FilterError);
    expect(error).toMatchObject({ filter: 'boom', stage: 2, stages: 4 });
    expect(((error as FilterError).cause as Error).message).toBe('boom refused 3');
    expect((await it.next()).done).toBe(true);
    expectClosedOnce(run);
  });

  it('on an error from the source', async () => {
    const run = setup();
    await expect(collect(asyncSource(values, run.source, 2), run.pipeline)).rejects.toThrow('source failed');
    expectClosedOnce(run);
  });

  it('on an error from a sync source run by the async host (pullBatches)', async () => {
    const run = setup();
    const it = pullBatches(syncSource(values, run.source, 2), run.pipeline);
    expect(await it.next()).toEqual({ value: [1], done: false });
    expect(await it.next()).toEqual({ value: [2], done: false });
    await expect(it.next()).rejects.toThrow('source failed');
    expect(await it.next()).toEqual({ value: undefined, done: true });
    expectClosedOnce(run);
  });

  it('when take finishes', async () => {
    const run = setup(undefined, take(2));
    const out: number[] = [];
    for await (const value of pull(asyncSource(values, run.source), run.pipeline)) out.push(value);
    expect(out).toEqual([1, 2]);
    expectClosedOnce(run);
    expect(run.source.reads).toBe(2);
  });

  it('pullBatches: on break, on return() and on a filter error', async () => {
    const broken = setup();
    for await (const batch of pullBatches(asyncSource(values, broken.source), broken.pipeline))
      if (batch[0] === 2) break;
    expectClosedOnce(broken);

    const returned = setup();
    const it = pullBatches(asyncSource(values, returned.source), returned.pipeline);
    await it.next();
    await it[Symbol.asyncDispose]();
    await it.return();
    expectClosedOnce(returned);

    const failed = setup(4);
    const batches: number[][] = [];
    const error = await (async () => {
      for await (const batch of pullBatches(asyncSource(values, failed.source), failed.pipeline))
        batches.push([...batch]);
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(batches).toEqual([[1], [2], [3]]);
    expect(error).toMatchObject({ name: 'FilterError', filter: 'boom' });
    expectClosedOnce(failed);
  });

  it('collect: at the end, on a filter error and when take finishes', async () => {
    const ended = setup();
    expect(await collect(asyncSource(values, ended.source), ended.pipeline)).toEqual(values);
    expectClosedOnce(ended);

    const failed = setup(1);
    await expect(collect(asyncSource(values, failed.source), failed.pipeline)).rejects.toBeInstanceOf(FilterError);
    expectClosedOnce(failed);

    const taken = setup(undefined, take(1));
    expect(await collect(asyncSource(values, taken.source), taken.pipeline)).toEqual([1]);
    expectClosedOnce(taken);
  });
});
