import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { settle } from '../test-streams.js';
import { ReaderBatches } from './reader-batches.js';

async function batchesOf<T>(stream: ReadableStream<T>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const batch of new ReaderBatches(stream)) out.push([...batch]);
  return out;
}

describe('ReaderBatches', () => {
  it('takes everything the stream has queued in one batch', async () => {
    const stream = new ReadableStream<number>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(i);
        controller.close();
      },
    });
    expect(await batchesOf(stream)).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
  });

  it('hands out one batch per wake-up when chunks arrive one at a time', async () => {
    let i = 0;
    const stream = new ReadableStream<number>(
      {
        async pull(controller) {
          await settle(1);
          if (i < 4) controller.enqueue(i++);
          else controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    expect(await batchesOf(stream)).toEqual([[0], [1], [2], [3]]);
  });

  it('caps a batch so an always-ready source cannot starve the consumer', async () => {
    let i = 0;
    const stream = new ReadableStream<number>({
      pull(controller) {
        if (i < 3000) controller.enqueue(i++);
        else controller.close();
      },
    });
    const batches = await batchesOf(stream);
    expect(batches.flat()).toEqual(Array.from({ length: 3000 }, (_, k) => k));
    expect(Math.max(...batches.map((batch) => batch.length))).toBeLessThanOrEqual(1024);
  });

  it('keeps every chunk, in order, when bursts and waits mix', async () => {
    await fc.assert(
      fc.asyncProperty(
        // A pull that enqueues nothing would stall any stream with a pending read: every burst has a chunk.
        fc.array(fc.array(fc.integer(), { minLength: 1, maxLength: 5 }), { maxLength: 12 }),
        async (bursts) => {
          let burst = 0;
          const stream = new ReadableStream<number>(
            {
              async pull(controller) {
                await settle(1);
                if (burst === bursts.length) return controller.close();
                for (const value of bursts[burst++]!) controller.enqueue(value);
              },
            },
            { highWaterMark: 0 },
          );
          const batches = await batchesOf(stream);
          expect(batches.flat()).toEqual(bursts.flat());
          expect(batches.every((batch) => batch.length > 0)).toBe(true);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('cancels the stream and releases the lock on return()', async () => {
    const reasons: unknown[] = [];
    const stream = new ReadableStream<number>({
      pull(controller) {
        controller.enqueue(1);
      },
      cancel(reason) {
        reasons.push(reason);
      },
    });
    const batches = new ReaderBatches(stream);
    expect((await batches.next()).done).toBe(false);
    expect(stream.locked).toBe(true);
    await batches.return();
    expect(reasons).toHaveLength(1);
    expect(stream.locked).toBe(false);
    expect(await batches.next()).toEqual({ value: undefined, done: true });
  });
});
