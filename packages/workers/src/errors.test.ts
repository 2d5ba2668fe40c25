import { collect, FilterError, fromBatches, map, pipe, pull } from '@siphon/core';
import { describe, expect, it } from 'vitest';
import { inWorkers } from './in-workers.js';
import { closedAfterEach, exited, filters, poolsOf, range, stopped, threadsOf } from './test-support.js';

const stage = closedAfterEach();

async function failure(run: Promise<unknown>): Promise<FilterError> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FilterError);
  return error as FilterError;
}

describe('inWorkers errors', () => {
  it('a filter error in a worker is a FilterError naming inWorkers, with the worker’s FilterError as cause', async () => {
    const failing = stage<number, number>('failOnSeven', { batchSize: 3 });
    const error = await failure(
      collect(
        fromBatches([range(20)]),
        pipe(
          map((n: number) => n),
          failing,
        ),
      ),
    );
    expect(error.filter).toBe('inWorkers');
    // map, then inWorkers' batching, worker and unbatching stages.
    expect([error.stage, error.stages]).toEqual([3, 4]);
    expect(error.message).toBe(
      'inWorkers (stage 3 of 4) failed: FilterError: map (stage 1 of 1) failed: RangeError: seven is not allowed',
    );
    const inner = error.cause as FilterError;
    expect(inner).toBeInstanceOf(FilterError);
    expect([inner.filter, inner.stage, inner.stages]).toEqual(['map', 1, 1]);
    const original = inner.cause as Error;
    expect(original.name).toBe('RangeError');
    expect(original.message).toBe('seven is not allowed');
    expect(original.stack).toContain('test-filters.ts'); // the stack is the worker's
  });

  it('keeps the worker error’s fields and its own cause', async () => {
    const failing = stage<number, number>('failWithDetails');
    const error = await failure(collect(fromBatches([[1]]), failing));
    const original = (error.cause as FilterError).cause as Error & { code?: string };
    expect(original.message).toBe('bad 1');
    expect(original.code).toBe('E_BAD');
    expect((original.cause as Error).message).toBe('root cause');
  });

  it('hands out the outputs of batches before the failing one, then the error, and closes the run once', async () => {
    const failing = stage<number, number>('failOnSeven', { batchSize: 2, maxInFlight: 1, threads: 1 });
    const seen: number[] = [];
    const iterator = pull(fromBatches([range(20)]), failing);
    const error = await (async () => {
      try {
        for await (const n of iterator) seen.push(n);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(FilterError);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    expect(poolsOf(failing)).toBe(0);
  });

  it('a worker that exits mid-batch fails the run with a clear error, and leaves no thread', async () => {
    const exiting = stage<number, number>('exitOnSeven', { batchSize: 4 });
    const iterator = pull(fromBatches([range(40)]), exiting);
    await iterator.next();
    const threads = threadsOf(exiting);
    const error = await failure(
      (async () => {
        for await (const _ of iterator);
      })(),
    );
    expect(error.filter).toBe('inWorkers');
    expect(error.message).toMatch(
      /^inWorkers \(stage 2 of 3\) failed: Error: inWorkers\(\): a worker thread stopped before it finished a batch \(worker exited with code: 3\)$/,
    );
    await stopped(exiting);
    expect(threads.every(exited)).toBe(true);
  });

  it('an uncaught error in a worker fails the run with that error as the cause’s cause, not a hang', async () => {
    const throwing = stage<number, number>('throwUncaughtOnSeven', { batchSize: 4 });
    const error = await failure(collect(fromBatches([range(12)]), throwing));
    expect(error.message).toContain('a worker thread stopped before it finished a batch (uncaught in the worker)');
    expect(((error.cause as Error).cause as Error).message).toBe('uncaught in the worker');
  });

  it('a missing module, a missing export or an export that is not a filter: errors naming inWorkers()', async () => {
    const noModule = inWorkers(new URL('./no-such-module.js', import.meta.url), 'x', { threads: 1 });
    stage.closeLater(noModule);
    const moduleError = await failure(collect(fromBatches([[1]]), noModule));
    expect(moduleError.message).toMatch(
      /^inWorkers \(stage 2 of 3\) failed: TypeError: inWorkers\(\): cannot import file:\/\/.*no-such-module\.js: /,
    );

    const noExport = await failure(collect(fromBatches([[1]]), stage('nope', { threads: 1 })));
    expect(noExport.message).toMatch(
      /TypeError: inWorkers\(\): file:\/\/.*test-filters\.ts has no export named 'nope' \(its exports: .*double/,
    );

    const notFilter = await failure(collect(fromBatches([[1]]), stage('notAFilter', { threads: 1 })));
    expect(notFilter.message).toContain("TypeError: inWorkers(): export 'notAFilter' of ");
    expect(notFilter.message).toContain('is not a Siphon filter, got number');

    const factory = await failure(collect(fromBatches([[1]]), stage('aFactory', { threads: 1 })));
    expect(factory.message).toContain('is not a Siphon filter, got function (a function: export the filter itself');
  });

  it('keyed runs need a synchronous filter and a string key', async () => {
    const asyncKeyed = stage<number, number>('doubleLater', { key: String });
    const asyncError = await failure(collect(fromBatches([[1]]), asyncKeyed));
    expect(asyncError.message).toContain('inWorkers(): options.key needs a filter whose stages are all synchronous');

    const badKey = stage<number, number>('double', { key: ((n: number) => n) as never });
    const keyError = await failure(collect(fromBatches([[1]]), badKey));
    expect(keyError.message).toBe(
      'inWorkers (stage 2 of 3) failed: TypeError: inWorkers(): options.key must return a string, got number',
    );
  });

  it('a keyed run whose thread dies, even between batches, fails rather than silently restarting its keys', async () => {
    const total = stage<{ n: number }, number>('runningTotalOfN', {
      threads: 1,
      batchSize: 1,
      maxInFlight: 1,
      key: () => 'one',
    });
    const iterator = pull(fromBatches([range(30).map((n) => ({ n }))]), total);
    expect((await iterator.next()).value).toBe(0);
    expect((await iterator.next()).value).toBe(1);
    // Kill the thread from outside, idle or not: a fresh thread would restart the key's total at 0.
    await threadsOf(total)[0]!.terminate();
    const error = await failure(
      (async () => {
        for await (const _ of iterator);
      })(),
    );
    // Either the thread died under a batch, or between two: both say it stopped.
    expect(error.message).toMatch(
      /^inWorkers \(stage 2 of 3\) failed: Error: inWorkers\(\): a worker thread .*stopped/,
    );
  });

  it('the sync hosts reject it with a TypeError naming it', () => {
    const double = stage<number, number>('double');
    expect(() => collect([1, 2], double)).toThrow(
      new TypeError(
        'collect(): inWorkers (stage 2 of 3) is asynchronous and cannot run synchronously; pull from an ' +
          'AsyncIterable source instead (for an array, `fromBatches([array])`)',
      ),
    );
    expect(() => pull([1, 2], double)).toThrow(/^pull\(\): inWorkers \(stage 2 of 3\) is asynchronous/);
    expect(poolsOf(double)).toBe(0);
  });

  it('rejects bad arguments and options with errors naming inWorkers()', () => {
    const cases: [() => unknown, RegExp | string][] = [
      [
        () => inWorkers('./parse.js', 'x'),
        `inWorkers(): moduleUrl must be a file: URL or an absolute path, e.g. new URL('./parse.js', import.meta.url), got "./parse.js"`,
      ],
      [
        () => inWorkers(new URL('https://example.com/a.js'), 'x'),
        /^inWorkers\(\): moduleUrl must be a file: URL .*got https:\/\/example\.com\/a\.js$/,
      ],
      [() => inWorkers(42 as never, 'x'), /^inWorkers\(\): moduleUrl must be .* got number$/],
      [() => inWorkers(filters, ''), 'inWorkers(): exportName must be a non-empty string, got ""'],
      [() => inWorkers(filters, 5 as never), 'inWorkers(): exportName must be a non-empty string, got number'],
      [() => inWorkers(filters, 'double', null as never), 'inWorkers(): options must be an object, got null'],
      [() => inWorkers(filters, 'double', [] as never), 'inWorkers(): options must be an object, got Array'],
      [
        () => inWorkers(filters, 'double', { threads: 0 }),
        'inWorkers(): options.threads must be a whole number ≥ 1, got 0',
      ],
      [
        () => inWorkers(filters, 'double', { threads: '2' as never }),
        'inWorkers(): options.threads must be a number, got string',
      ],
      [
        () => inWorkers(filters, 'double', { batchSize: 1.5 }),
        'inWorkers(): options.batchSize must be a whole number ≥ 1, got 1.5',
      ],
      [
        () => inWorkers(filters, 'double', { maxInFlight: Infinity }),
        'inWorkers(): options.maxInFlight must be a whole number ≥ 1, got Infinity',
      ],
      [
        () => inWorkers(filters, 'double', { transfer: 1 as never }),
        'inWorkers(): options.transfer must be a boolean, got number',
      ],
      [
        () => inWorkers(filters, 'double', { key: 'user' as never }),
        'inWorkers(): options.key must be a function, got string',
      ],
      [
        () => inWorkers(filters, 'double', { execArgv: '--x' as never }),
        'inWorkers(): options.execArgv must be an array of strings, got string',
      ],
      [
        () => inWorkers(filters, 'double', { execArgv: [1] as never }),
        'inWorkers(): options.execArgv must be an array of strings, got Array',
      ],
    ];
    for (const [make, message] of cases) {
      expect(make).toThrow(message);
    }
    expect(() => inWorkers(filters, 'double', { threads: -1 })).toThrow(RangeError);
    expect(() => inWorkers(filters, 'double', { threads: '2' as never })).toThrow(TypeError);
  });
});
