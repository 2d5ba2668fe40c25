import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { collect } from '../consume/collect.js';
import { pull } from '../consume/pull.js';
import { pullBatches } from '../consume/pull-batches.js';
import { start } from '../consume/start.js';
import { FilterError } from '../filter-error.js';
import { fromBatches } from '../sources/from-batches.js';
import { asyncSource, deferred, newFilterLog, newLog, settle, tracked } from '../test-support.js';
import { map } from './map.js';
import { mapAsync } from './map-async.js';
import { pipe } from './pipe.js';
import { take } from './take.js';

describe('mapAsync', () => {
  it('keeps input order when later calls finish first, with calls really running concurrently', async () => {
    const calls = new Map<number, ReturnType<typeof deferred<string>>>();
    let inFlight = 0;
    let maxInFlight = 0;
    const slow = mapAsync(
      (n: number) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const call = deferred<string>();
        calls.set(n, call);
        return call.promise.finally(() => inFlight--);
      },
      { concurrency: 3 },
    );
    const done = collect(asyncSource([1, 2, 3, 4, 5], newLog()), slow);
    await settle();
    // Three calls started, none finished: concurrency is real, and capped.
    expect([...calls.keys()]).toEqual([1, 2, 3]);
    calls.get(3)!.resolve('three');
    calls.get(2)!.resolve('two');
    await settle();
    // Results wait in order behind the first call: the window of outstanding results stays bounded.
    expect([...calls.keys()]).toEqual([1, 2, 3]);
    calls.get(1)!.resolve('one');
    await settle();
    expect([...calls.keys()]).toEqual([1, 2, 3, 4, 5]);
    calls.get(5)!.resolve('five');
    calls.get(4)!.resolve('four');
    expect(await done).toEqual(['one', 'two', 'three', 'four', 'five']);
    expect(maxInFlight).toBe(3);
  });

  it('runs one call at a time by default', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const out = await collect(
      fromBatches([[1, 2, 3, 4]]),
      mapAsync(async (n: number, i) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await settle();
        inFlight--;
        return `${i}:${n}`;
      }),
    );
    expect(out).toEqual(['0:1', '1:2', '2:3', '3:4']);
    expect(maxInFlight).toBe(1);
  });

  it('accepts a project that returns plain values', async () => {
    expect(
      await collect(
        fromBatches([[1, 2]]),
        mapAsync((n: number) => n + 1, { concurrency: Infinity }),
      ),
    ).toEqual([2, 3]);
  });

  it('runs between sync stages, through pull and pullBatches alike', async () => {
    const pipeline = pipe(
      map((n: number) => n * 2),
      mapAsync(async (n: number) => n + 1, { concurrency: 2 }),
      map((n: number) => `#${n}`),
    );
    const pulled: string[] = [];
    for await (const value of pull(asyncSource([1, 2, 3], newLog()), pipeline)) pulled.push(value);
    const batches: string[] = [];
    for await (const values of pullBatches(fromBatches([[1, 2], [3]]), pipeline)) batches.push(...values);
    expect(pulled).toEqual(['#3', '#5', '#7']);
    expect(batches).toEqual(pulled);
  });

  it('a failed call reaches the consumer as a FilterError naming mapAsync and its stage; everything closes once', async () => {
    const source = newLog();
    const before = newFilterLog();
    const after = newFilterLog();
    const pipeline = pipe(
      tracked<number>(before, 'before'),
      mapAsync(async (n: number) => {
        if (n === 2) throw new SyntaxError('bad 2');
        return n;
      }),
      tracked<number>(after, 'after'),
    );
    const error = await collect(asyncSource([1, 2, 3, 4], source), pipeline).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FilterError);
    expect(error).toMatchObject({ filter: 'mapAsync', stage: 2, stages: 3 });
    expect((error as FilterError).cause).toBeInstanceOf(SyntaxError);
    expect((error as Error).message).toContain('mapAsync (stage 2 of 3) failed: SyntaxError: bad 2');
    expect(source.finallyRuns).toBe(1);
    expect(before.cleanups).toBe(1);
    expect(after.cleanups).toBe(1);
  });

  // Node's `Readable.map` (concurrency 2 or 4) gives [1, 2] and then the error here: results that come
  // before the failing input in order are delivered, whatever order the calls settle in.
  it('results before the failing input are delivered, then the error, whatever the order calls settle in', async () => {
    for (const concurrency of [1, 2, 3, 4]) {
      for (const order of permutations([1, 2, 3, 4])) {
        const calls = new Map<number, ReturnType<typeof deferred<number>>>();
        const project = (n: number): Promise<number> => {
          const call = deferred<number>();
          calls.set(n, call);
          return call.promise;
        };
        const it = pull(asyncSource([1, 2, 3, 4], newLog()), mapAsync(project, { concurrency }));
        const values: number[] = [];
        let error: unknown;
        let finished = false;
        void (async () => {
          try {
            for (let r = await it.next(); r.done !== true; r = await it.next()) values.push(r.value);
          } catch (thrown) {
            error = thrown;
          }
          finished = true;
        })();
        const settled = new Set<number>();
        for (let turns = 0; !finished && turns < 20; turns++) {
          await settle();
          // Settle the first call in `order` that has started and not been settled yet.
          const n = order.find((k) => calls.has(k) && !settled.has(k));
          if (n === undefined) continue;
          settled.add(n);
          if (n === 3) calls.get(n)!.reject(new Error('3 failed'));
          else calls.get(n)!.resolve(n);
        }
        await settle();
        expect({ concurrency, order, values }).toEqual({ concurrency, order, values: [1, 2] });
        expect(error).toBeInstanceOf(FilterError);
        expect((error as FilterError).cause).toEqual(new Error('3 failed'));
      }
    }
  });

  it("the reported case: 2 slower than the failing 3, at concurrency 2, as Node's Readable.map", async () => {
    const project = async (n: number): Promise<number> => {
      if (n === 2) await settle();
      if (n === 3) throw new Error('3 failed');
      return n;
    };
    const drain = async (iterable: AsyncIterable<number>): Promise<{ values: number[]; error: unknown }> => {
      const values: number[] = [];
      try {
        for await (const n of iterable) values.push(n);
      } catch (error) {
        return { values, error };
      }
      return { values, error: undefined };
    };
    for (const concurrency of [2, 4]) {
      const node = await drain(Readable.from([1, 2, 3, 4]).map(project, { concurrency }));
      expect(node.values).toEqual([1, 2]);
      const ours = await drain(pull(asyncSource([1, 2, 3, 4], newLog()), mapAsync(project, { concurrency })));
      expect(ours.values).toEqual(node.values);
      expect((ours.error as FilterError).cause).toEqual(node.error);
    }
  });

  it('a synchronous throw in project is a FilterError too', async () => {
    const failing = mapAsync((): number => {
      throw new Error('sync throw');
    });
    await expect(collect(fromBatches([[1]]), failing)).rejects.toMatchObject({
      name: 'FilterError',
      filter: 'mapAsync',
    });
  });

  it('take after mapAsync closes the source and stops starting calls', async () => {
    const log = newLog();
    let started = 0;
    const out = await collect(
      asyncSource([1, 2, 3, 4, 5, 6], log),
      pipe(
        mapAsync(async (n: number) => (started++, n)),
        take(2),
      ),
    );
    expect(out).toEqual([1, 2]);
    expect(log.finallyRuns).toBe(1);
    expect(started).toBeLessThanOrEqual(3);
  });

  it('the sync hosts refuse it with a TypeError naming mapAsync and its stage', () => {
    const pipeline = pipe(
      map((n: number) => n),
      mapAsync(async (n: number) => n),
    );
    expect(() => pull([1], pipeline)).toThrow(TypeError);
    expect(() => pull([1], pipeline)).toThrow(/pull\(\): mapAsync \(stage 2 of 2\) is asynchronous/);
    expect(() => collect([1], pipeline)).toThrow(/collect\(\): mapAsync/);
    expect(() => start(pipeline)).toThrow(/start\(\): mapAsync/);
  });

  it('rejects bad arguments, naming mapAsync and the argument', () => {
    expect(() => mapAsync(async (n: number) => n, { concurrency: 0 })).toThrow(RangeError);
    expect(() => mapAsync(async (n: number) => n, { concurrency: 0 })).toThrow(
      /mapAsync\(\): options.concurrency must be a whole number ≥ 1 or Infinity, got 0/,
    );
    expect(() => mapAsync(async (n: number) => n, { concurrency: 1.5 })).toThrow(RangeError);
    expect(() => mapAsync('fetch' as never)).toThrow(/mapAsync\(\): project must be a function, got string/);
    expect(() => mapAsync(async (n: number) => n, null as never)).toThrow(
      /mapAsync\(\): options must be an object, got null/,
    );
  });
});

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}
