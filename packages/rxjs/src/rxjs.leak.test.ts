import { lines, map, pipe, pull, type Filter } from '@siphon/core';
import { collectGarbage, measureRetention, type Track } from '@siphon/leakcheck';
import { RxFoo } from '@siphon/naive/rxjs';
import { Subject, type Subscription } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { fromObservable } from './from-observable.js';
import { toOperator } from './to-operator.js';

const CONSUMERS = 1000;

/** The Siphon counterpart of `RxFoo`: it pulls from the source; nothing the source holds points back at it. */
class PullingFoo {
  readonly filteredData: string[] = [];
  private readonly lines: AsyncIterableIterator<string>;

  constructor(source: Subject<string>) {
    this.lines = pull(
      fromObservable(source),
      map((data: string) => data + '\n'),
    );
  }

  /** Takes one filtered chunk, as the naive consumer's callback would have received it. */
  async update(): Promise<void> {
    const result = await this.lines.next();
    if (result.done !== true) this.filteredData.push(result.value);
  }

  close(): Promise<unknown> | undefined {
    return this.lines.return?.();
  }
}

/** The data every consumer collects: big enough that keeping it by mistake would matter. */
const CHUNK = 'x'.repeat(1024);

// Consumers are made in helpers, never in the test's own (suspended, async) frame.
function makeNaive(subject: Subject<string>, track: Track, count: number): RxFoo[] {
  const consumers: RxFoo[] = [];
  for (let i = 0; i < count; i++) consumers.push(track(new RxFoo(subject), `naive consumer ${i}`));
  subject.next(CHUNK);
  for (const [i, consumer] of consumers.entries()) {
    expect(consumer.allData()).toBe(CHUNK + '\n');
    track((consumer as unknown as { filteredData: object }).filteredData, `naive data ${i}`);
  }
  return consumers;
}

async function makePulling(subject: Subject<string>, track: Track, count: number): Promise<PullingFoo[]> {
  const consumers: PullingFoo[] = [];
  for (let i = 0; i < count; i++) consumers.push(track(new PullingFoo(subject), `siphon consumer ${i}`));
  expect(subject.observers.length).toBe(count);
  subject.next(CHUNK);
  await Promise.all(consumers.map((consumer) => consumer.update()));
  for (const [i, consumer] of consumers.entries()) {
    expect(consumer.filteredData).toEqual([CHUNK + '\n']);
    track(consumer.filteredData, `siphon data ${i}`);
  }
  return consumers;
}

/** FinalizationRegistry callbacks (which unsubscribe collected iterators) run in a task after the GC. */
async function settleObservers(subject: Subject<string>): Promise<void> {
  for (let round = 0; round < 10 && subject.observed; round++) await collectGarbage({ rounds: 1 });
}

describe('leaks: 1,000 short-lived consumers of one long-lived Subject', () => {
  it('naive consumers that never unsubscribe are retained with their data; Siphon consumers dropped unclosed are collected and unsubscribe', async () => {
    const subject = new Subject<string>(); // long-lived: the test holds it throughout

    const naive = await measureRetention((track) => void makeNaive(subject, track, CONSUMERS));
    expect(naive.tracked).toBe(2 * CONSUMERS);
    expect(naive.retained).toBe(2 * CONSUMERS); // the positive control: the check sees the leak
    expect(subject.observers.length).toBe(CONSUMERS);

    const siphonSubject = new Subject<string>();
    const siphon = await measureRetention(async (track) => void (await makePulling(siphonSubject, track, CONSUMERS)));
    expect(siphon.tracked).toBe(2 * CONSUMERS);
    expect(siphon.retained).toBe(0);
    await settleObservers(siphonSubject);
    expect(siphonSubject.observed).toBe(false);
  });

  it('after an explicit unsubscribe or return(), the Subject has no observers at once, and both designs are collected', async () => {
    const subject = new Subject<string>();

    const naive = await measureRetention((track) => {
      for (const consumer of makeNaive(subject, track, CONSUMERS)) consumer.unsubscribe();
      expect(subject.observed).toBe(false); // at once, not after a GC
    });
    expect(naive.retained).toBe(0);

    const siphon = await measureRetention(async (track) => {
      const consumers = await makePulling(subject, track, CONSUMERS);
      expect(subject.observers.length).toBe(CONSUMERS);
      const closing = consumers.map((consumer) => consumer.close());
      expect(subject.observed).toBe(false); // at once: return() unsubscribes before its promise settles
      await Promise.all(closing);
    });
    expect(siphon.retained).toBe(0);
  });

  it('a filter reused by 1,000 toOperator subscriptions keeps none of their consumers once they unsubscribe', async () => {
    const subject = new Subject<string>();
    const shared: Filter<string, string> = pipe(
      lines(),
      map((line) => line.toUpperCase()),
    ); // long-lived too

    function subscribeConsumers(track: Track): Subscription[] {
      const subscriptions: Subscription[] = [];
      for (let i = 0; i < CONSUMERS; i++) {
        const seen = track([] as string[], `operator consumer ${i}`);
        subscriptions.push(subject.pipe(toOperator(shared)).subscribe((line) => seen.push(line)));
      }
      subject.next('a\nb');
      return subscriptions;
    }

    // Positive control: subscribed and never unsubscribed, the consumers live as long as the Subject,
    // as with any RxJS operator: the operator must hold its subscriber while subscribed.
    const subscribed = await measureRetention((track) => void subscribeConsumers(track));
    expect(subscribed.retained).toBe(CONSUMERS);
    subject.complete(); // lets those go

    const again = new Subject<string>();
    const unsubscribed = await measureRetention((track) => {
      const subscriptions: Subscription[] = [];
      for (let i = 0; i < CONSUMERS; i++) {
        const seen = track([] as string[], `operator consumer ${i}`);
        subscriptions.push(again.pipe(toOperator(shared)).subscribe((line) => seen.push(line)));
      }
      again.next('a\nb');
      for (const subscription of subscriptions) subscription.unsubscribe();
      expect(again.observed).toBe(false);
    });
    expect(unsubscribed.retained).toBe(0);
  });
});
