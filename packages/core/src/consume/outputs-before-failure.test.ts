// Nothing made before a failure is lost: when a stage fails partway through what one read produced (the
// later lines of a chunk `lines` split, the later chunks of a batch), the outputs made before the failure
// are handed out first and the error after them. The run itself is closed at once.
import { describe, expect, it } from 'vitest';
import { FilterError } from '../filter-error.js';
import { map } from '../filters/map.js';
import { mapAsync } from '../filters/map-async.js';
import { pipe } from '../filters/pipe.js';
import { fromBatches } from '../sources/from-batches.js';
import { lines } from '../text/lines.js';
import { asyncSource, newLog, syncSource } from '../test-support.js';
import { collect } from './collect.js';
import { pull } from './pull.js';
import { pullBatches } from './pull-batches.js';

/** Parses whole numbers; anything else throws. */
const strictNumber = map((text: string) => {
  if (!/^\d+$/.test(text)) throw new SyntaxError(`not a number: ${text}`);
  return Number(text);
});

const linesToNumbers = pipe(lines(), strictNumber);

/** Pulls until the iterator throws: the values it gave, and the error. */
function drainSync(iterator: Iterator<number>): { values: number[]; error: unknown } {
  const values: number[] = [];
  try {
    for (let result = iterator.next(); result.done !== true; result = iterator.next()) values.push(result.value);
  } catch (error) {
    return { values, error };
  }
  return { values, error: undefined };
}

async function drainAsync<T>(iterator: AsyncIterator<T>): Promise<{ values: T[]; error: unknown }> {
  const values: T[] = [];
  try {
    for (let result = await iterator.next(); result.done !== true; result = await iterator.next())
      values.push(result.value);
  } catch (error) {
    return { values, error };
  }
  return { values, error: undefined };
}

describe('outputs made before a failure are handed out before the error', () => {
  it('sync pull: the lines before the bad one, then the FilterError; the source is closed at once', () => {
    const log = newLog();
    const it = pull(syncSource(['1\n2\nx\n3\n', '4\n'], log), linesToNumbers);
    expect(it.next()).toEqual({ value: 1, done: false });
    expect(log.finallyRuns).toBe(1); // closed before the first output was handed out
    const { values, error } = drainSync(it);
    expect(values).toEqual([2]);
    expect(error).toBeInstanceOf(FilterError);
    expect((error as FilterError).message).toMatch(/^map \(stage 2 of 2\) failed: SyntaxError: not a number: x/);
    expect(it.next()).toEqual({ value: undefined, done: true }); // the error is thrown once
  });

  it('async pull over a single-item source', async () => {
    const log = newLog();
    const { values, error } = await drainAsync(pull(asyncSource(['1\n2\nx\n3\n', '4\n'], log), linesToNumbers));
    expect(values).toEqual([1, 2]);
    expect(error).toBeInstanceOf(FilterError);
    expect(log.finallyRuns).toBe(1);
  });

  it('async pull over a batched source: the earlier chunks of the failing batch', async () => {
    const { values, error } = await drainAsync(
      pull(
        fromBatches([
          ['1', '2'],
          ['3', 'x', '5'],
        ]),
        strictNumber,
      ),
    );
    expect(values).toEqual([1, 2, 3]);
    expect(error).toBeInstanceOf(FilterError);
  });

  it('pullBatches: the outputs made before the failure as a batch of their own', async () => {
    const { values, error } = await drainAsync(pullBatches(fromBatches([['1', '2', 'x', '4']]), strictNumber));
    expect(values).toEqual([[1, 2]]);
    expect(error).toBeInstanceOf(FilterError);
  });

  it('a pipeline with mapAsync', async () => {
    const pipeline = pipe(
      strictNumber,
      mapAsync(async (n: number) => n * 10, { concurrency: 2 }),
    );
    const { values, error } = await drainAsync(pull(fromBatches([['1', '2', 'x', '4']]), pipeline));
    expect(values).toEqual([10, 20]);
    expect(error).toBeInstanceOf(FilterError);
  });

  it('collect still fails: it returns all or nothing', async () => {
    expect(() => collect(['1\nx\n'], linesToNumbers)).toThrow(FilterError);
    await expect(collect(fromBatches([['1', 'x']]), strictNumber)).rejects.toThrow(FilterError);
  });

  it('a consumer that closes the iterator after the outputs never sees the error', async () => {
    const sync = pull(['1\nx\n'], linesToNumbers);
    expect(sync.next()).toEqual({ value: 1, done: false });
    expect(sync.return()).toEqual({ value: undefined, done: true });
    expect(sync.next()).toEqual({ value: undefined, done: true });

    const async = pull(fromBatches([['1', '2', 'x']]), strictNumber);
    expect(await async.next()).toEqual({ value: 1, done: false });
    await async.return();
    expect(await async.next()).toEqual({ value: undefined, done: true });
  });
});
