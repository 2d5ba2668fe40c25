import { Foo } from '@siphon/naive';
import { describe, expect, it } from 'vitest';
import { lines, pull, type AsyncPullIterator } from '../index.js';
import { Feed } from '../test-support.js';
import { fromPush } from './from-push.js';

// Leak scenario 3 for push sources in general: however the consumer's run ends, the source holds no
// observer for it immediately afterwards, without waiting for a GC. Positive control: the naive
// consumer subscribed to the same source is still there after it is done with its data.

function subscribeNaive(feed: Feed): Foo {
  const foo = new Foo();
  const filter = foo.filter;
  feed.subscribe({ next: (chunk) => filter.update(chunk), error: () => {}, complete: () => {} });
  return foo;
}

type Ending = (run: AsyncPullIterator<string>, feed: Feed, controller: AbortController) => Promise<unknown>;

const endings: ReadonlyArray<readonly [string, Ending]> = [
  ['return()', (run) => run.return()],
  [
    'break out of for await',
    async (run, feed) => {
      feed.write('three\n');
      for await (const line of run) if (line === 'three') break;
    },
  ],
  [
    'Symbol.asyncDispose',
    async (run) => {
      await run[Symbol.asyncDispose]();
    },
  ],
  ['an AbortSignal', async (_run, _feed, controller) => controller.abort(new Error('consumer gone'))],
  [
    'an AbortSignal while a next() waits',
    async (run, _feed, controller) => {
      const waiting = run.next();
      controller.abort(new Error('consumer gone'));
      await expect(waiting).rejects.toThrow('consumer gone');
    },
  ],
  [
    'an error from the source',
    async (run, feed) => {
      const failure = new Error('reset by peer');
      feed.fail(failure);
      await expect(run.next()).rejects.toBe(failure);
    },
  ],
  [
    'an error in the pipeline (a non-string chunk)',
    async (run, feed) => {
      feed.write(42 as unknown as string);
      await expect(run.next()).rejects.toThrow(/expects string chunks, got number/);
    },
  ],
  [
    'the source completing',
    async (run, feed) => {
      feed.complete();
      await expect(run.next()).resolves.toEqual({ value: undefined, done: true });
    },
  ],
];

describe('leak: a fromPush run that ends', () => {
  it.each(endings)('by %s unsubscribes at once; the naive consumer stays subscribed', async (_how, end) => {
    const feed = new Feed();
    const foo = subscribeNaive(feed);
    const controller = new AbortController();
    const run = pull(
      fromPush<string>((observer) => feed.subscribe(observer), { signal: controller.signal }),
      lines(),
    );
    expect(feed.size).toBe(2);

    feed.write('one\ntwo\n');
    expect(await run.next()).toEqual({ value: 'one', done: false });
    expect(await run.next()).toEqual({ value: 'two', done: false });
    expect(foo.allData()).toBe('one\ntwo\n\n');

    await end(run, feed, controller);
    // No GC and no extra turn: the observer is gone as soon as the ending has been awaited.
    expect(feed.size).toBe(1); // only the naive consumer's, which nothing will ever remove
    feed.write('four');
    expect(foo.allData().endsWith('four\n')).toBe(true);
  });
});
