import { map, pipe, pull, type Filter } from '@siphon/core';
import { describe, expectTypeOf, it } from 'vitest';
import { inWorkers, type InWorkersOptions, type WorkerStage } from './index.js';

declare const lines: AsyncIterable<string>;
const url = new URL('./parse.js', import.meta.url);

describe('@siphon/workers types', () => {
  it('is a filter of the types given, with close() and Symbol.asyncDispose', () => {
    const parse = inWorkers<string, { id: number }>(url, 'parse', { threads: 2, batchSize: 64, maxInFlight: 2 });
    expectTypeOf(parse).toEqualTypeOf<WorkerStage<string, { id: number }>>();
    expectTypeOf(parse).toMatchTypeOf<Filter<string, { id: number }>>();
    expectTypeOf(parse).toMatchTypeOf<AsyncDisposable>();
    expectTypeOf(parse.close).toEqualTypeOf<() => Promise<void>>();
    expectTypeOf(
      pull(
        lines,
        pipe(
          parse,
          map((record) => record.id),
        ),
      ),
    ).toMatchTypeOf<AsyncIterable<number>>();
    // @ts-expect-error: the stage takes strings, not numbers
    pipe(
      map((n: string) => n.length),
      parse,
    );
  });

  it('takes a URL or a path, and a key over the input type', () => {
    inWorkers<{ user: string }, number>('/abs/parse.js', 'parse', { key: (chunk) => chunk.user, transfer: false });
    expectTypeOf<InWorkersOptions<{ user: string }>['key']>().toEqualTypeOf<
      ((chunk: { user: string }) => string) | undefined
    >();
    // @ts-expect-error: the key must be a string
    inWorkers<{ user: string }, number>(url, 'parse', { key: (chunk) => chunk.user.length });
    // @ts-expect-error: threads is a number
    inWorkers(url, 'parse', { threads: '2' });
    // @ts-expect-error: the export name is required
    inWorkers(url);
  });
});
