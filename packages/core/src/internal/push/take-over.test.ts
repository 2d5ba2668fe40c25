// A pipeline that needs no input (`take(0)`) ends its run cleanly before anything could fail, however
// the consumer reads and whatever the source does next: found by the conformance suite
// (packages/conformance), where `drain()` saw the source's error and `next()` saw the clean end.
import { describe, expect, it } from 'vitest';
import { pull } from '../../consume/pull.js';
import { take } from '../../filters/take.js';
import { fromPush, type PushObserver } from '../../sources/from-push.js';

describe('a taken-over push consumer whose pipeline needs no input', () => {
  it('ends cleanly when the source fails before any value, read with drain() then next()', async () => {
    let observer!: PushObserver<number>;
    const consumer = pull(fromPush<number>((o) => void (observer = o)), take<number>(0));
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
