// Taking over a push consumer whose source has already pushed, ended or failed: found by the conformance
// suite (packages/conformance).
import { describe, expect, it } from 'vitest';
import { pull } from '../../consume/pull.js';
import { defineFilter } from '../../filters/define-filter.js';
import { pipe } from '../../filters/pipe.js';
import { take } from '../../filters/take.js';
import { fromPush, type PushObserver } from '../../sources/from-push.js';

// A pipeline that needs no input (`take(0)`) ends its run cleanly before anything could fail, however the
// consumer reads and whatever the source does next: `drain()` saw the source's error where `next()` saw
// the clean end.
describe('a taken-over push consumer whose pipeline needs no input', () => {
  it('ends cleanly when the source fails before any value, read with drain() then next()', async () => {
    let observer!: PushObserver<number>;
    const consumer = pull(
      fromPush<number>((o) => void (observer = o)),
      take<number>(0),
    );
    observer.error(new Error('source failed'));
    expect(consumer.drain()).toEqual([]);
    expect(await consumer.next()).toEqual({ value: undefined, done: true });
  });

  it('ends cleanly when a synchronous source failed while subscribing', async () => {
    const consumer = pull(
      fromPush<number>((o) => o.error(new Error('source failed'))),
      take<number>(0),
    );
    expect(await consumer.next()).toEqual({ value: undefined, done: true });
  });
});

/** A pass-through stage counting its runs' cleanups. */
function counted() {
  const counts = { cleanups: 0 };
  const filter = defineFilter<number, number>('counted', () => ({
    step: (n) => [n],
    cleanup: () => void counts.cleanups++,
  }));
  return { filter, counts };
}

async function readAll(iterator: AsyncIterator<number>): Promise<{ values: number[]; error?: unknown }> {
  const values: number[] = [];
  try {
    for (let result = await iterator.next(); result.done !== true; result = await iterator.next())
      values.push(result.value);
  } catch (error) {
    return { values, error };
  }
  return { values };
}

// The source ended or failed before the pipeline took the consumer over: the stages made for the replay
// are cleaned up once, like any other run's (they were not: the source's end had already marked the
// empty run as cleaned up).
describe('taking over a consumer whose source ended while subscribing', () => {
  it.each([
    ['completed with no values', [] as number[], false],
    ['completed after values', [1, 2], false],
    ['failed after values', [1, 2], true],
  ])('%s: outputs, end, and every cleanup once', async (_, values, fails) => {
    const failure = new Error('source failed');
    const { filter, counts } = counted();
    const source = fromPush<number>((o) => {
      for (const value of values) o.next(value);
      if (fails) o.error(failure);
      else o.complete();
    });
    const outcome = await readAll(pull(source, pipe(filter, take<number>(10))));
    expect(outcome).toEqual(fails ? { values, error: failure } : { values });
    expect(counts.cleanups).toBe(1);
  });
});
