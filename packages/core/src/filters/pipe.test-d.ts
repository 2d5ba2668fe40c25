import { describe, expectTypeOf, it } from 'vitest';
import type { Filter } from '../filter.js';
import type { Bytes } from '../text/bytes.js';
import { decodeText } from '../text/decode-text.js';
import { lines } from '../text/lines.js';
import { batch } from './batch.js';
import { filter } from './filter.js';
import { flatMap } from './flat-map.js';
import { map } from './map.js';
import { mapAsync } from './map-async.js';
import { pipe } from './pipe.js';
import { scan } from './scan.js';
import { take } from './take.js';
import { takeWhile } from './take-while.js';

describe('pipe types', () => {
  it('infers through 2 stages, with contextual callback types', () => {
    const p = pipe(
      map((s: string) => s.length),
      map((n) => n > 2),
    );
    expectTypeOf(p).toEqualTypeOf<Filter<string, boolean>>();
  });

  it('infers through 12 stages with only the first callback annotated', () => {
    const p = pipe(
      decodeText(),
      lines(),
      map((line) => line.split(',')),
      flatMap((cells) => cells),
      map((cell) => cell.trim()),
      filter((cell) => cell !== ''),
      map((cell) => Number(cell)),
      filter((n) => !Number.isNaN(n)),
      scan((sum, n) => sum + n, 0),
      batch(10),
      map((group) => group.length),
      take(5),
    );
    expectTypeOf(p).toEqualTypeOf<Filter<Bytes, number>>();
  });

  it('infers through 30 stages with annotated callbacks (as the pipe TSDoc says)', () => {
    const inc = map((n: number) => n + 1);
    const p = pipe(
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      map((n: number) => String(n)),
      map((s: string) => s.length),
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      map((n: number): { total: number } => ({ total: n })),
    );
    expectTypeOf(p).toEqualTypeOf<Filter<number, { total: number }>>();
  });

  it('keeps the input of the first stage and the output of the last, past 12 stages', () => {
    const toLen = map((s: string) => s.length);
    const inc = map((n: number) => n + 1);
    const p = pipe(
      toLen,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      map((n: number) => n > 3),
    );
    expectTypeOf(p).toEqualTypeOf<Filter<string, boolean>>();
  });

  it('rejects a stage whose input does not match the previous output', () => {
    // @ts-expect-error string output into a number stage
    pipe(
      map((n: number) => String(n)),
      map((n: number) => n * 2),
    );

    const inc = map((n: number) => n + 1);
    // @ts-expect-error a mismatch deep inside a 12-stage pipe
    pipe(
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      map((n: number) => String(n)),
      inc,
      inc,
    );

    const toText = map((n: number) => String(n));
    // Past 12 stages the compiler reports the mismatch on the argument list as a whole.
    // @ts-expect-error a mismatch at stage 22 of a 30-stage pipe
    // prettier-ignore
    pipe(inc, inc, inc, inc, inc, inc, inc, inc, inc, inc, inc, inc, inc, inc, inc, inc, inc, inc, inc, inc, toText, inc, inc, inc, inc, inc, inc, inc, inc, inc);
    // The same 30 stages with the mismatch removed are fine.
    pipe(
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      toText,
      map((s: string) => s.length),
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
      inc,
    );

    // @ts-expect-error text filters want bytes or strings
    pipe(
      map((n: number) => n),
      lines(),
    );
  });

  it('rejects a filter factory passed where a filter belongs (it has a name, but is no filter)', () => {
    // @ts-expect-error -- `lines` is the factory; `lines()` is the filter
    pipe(
      lines,
      map((s: string) => s),
    );
    // @ts-expect-error -- any object with a name is not a filter either
    const notAFilter: Filter<string, string> = { name: 'lines' };
    expectTypeOf(notAFilter).toEqualTypeOf<Filter<string, string>>();
  });

  it('accepts a stage whose input is wider than the previous output', () => {
    const p = pipe(
      map((s: string) => s),
      map((x: unknown) => typeof x),
    );
    expectTypeOf(p).toEqualTypeOf<
      Filter<string, 'string' | 'number' | 'bigint' | 'boolean' | 'symbol' | 'undefined' | 'object' | 'function'>
    >();
  });

  it('narrows with type-guard filters, and keeps async stages typed', () => {
    const p = pipe(
      map((x: string | number) => x),
      filter((x): x is string => typeof x === 'string'),
      mapAsync(async (s) => s.length),
    );
    expectTypeOf(p).toEqualTypeOf<Filter<string | number, number>>();
    expectTypeOf(filter((x: string | null): x is string => x !== null)).toEqualTypeOf<Filter<string | null, string>>();
    // TypeScript infers the guard from a plain narrowing arrow function, too.
    expectTypeOf(filter((x: string | null) => x !== null)).toEqualTypeOf<Filter<string | null, string>>();
    expectTypeOf(filter((x: string | null) => x !== null && x !== '')).toEqualTypeOf<
      Filter<string | null, string | null>
    >();
    expectTypeOf(takeWhile((x: string | null): x is string => x !== null)).toEqualTypeOf<
      Filter<string | null, string>
    >();
  });

  it('types scan with and without a seed', () => {
    expectTypeOf(scan((acc: string[], s: string) => [...acc, s], [] as string[])).toEqualTypeOf<
      Filter<string, string[]>
    >();
    expectTypeOf(scan((a: number, b: number) => a + b)).toEqualTypeOf<Filter<number, number>>();
  });
});
