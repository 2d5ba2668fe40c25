import { describe, expect, it } from 'vitest';
import { collect } from '../consume/collect.js';
import { pull } from '../consume/pull.js';
import { FilterError } from '../filter-error.js';
import { defineFilter } from './define-filter.js';
import { pipe } from './pipe.js';
import { take } from './take.js';

/** Emits each chunk with a running count, and the total at end. */
function counting(log: { inits: number; cleanups: number }) {
  return defineFilter<string, string>('counting', () => {
    log.inits++;
    let count = 0;
    return {
      step(chunk) {
        count++;
        return [`${count}:${chunk}`];
      },
      end() {
        return [`total ${count}`];
      },
      cleanup() {
        log.cleanups++;
      },
    };
  });
}

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('defineFilter', () => {
  it('runs step per chunk and end once, with state fresh for every run', () => {
    const log = { inits: 0, cleanups: 0 };
    const filter = counting(log);
    expect(collect(['a', 'b'], filter)).toEqual(['1:a', '2:b', 'total 2']);
    expect(collect(['c'], filter)).toEqual(['1:c', 'total 1']);
    expect(log).toEqual({ inits: 2, cleanups: 2 });
  });

  it('creates state only when a run starts, not when the filter is made or pulled', () => {
    const log = { inits: 0, cleanups: 0 };
    const filter = counting(log);
    const it = pull(['a'], filter);
    expect(log.inits).toBe(0);
    it.next();
    expect(log.inits).toBe(1);
  });

  it('lets step return several outputs, none (undefined or []) and end return nothing', () => {
    const splitter = defineFilter<string, string>('splitter', () => ({
      step: (chunk) => (chunk === '' ? undefined : chunk === '-' ? [] : chunk.split('')),
    }));
    expect(collect(['ab', '', '-', 'c'], splitter)).toEqual(['a', 'b', 'c']);
  });

  it('runs cleanup once when the run stops early', () => {
    const log = { inits: 0, cleanups: 0 };
    const it = pull(['a', 'b', 'c'], counting(log));
    expect(it.next().value).toBe('1:a');
    it.return();
    it.return();
    expect(log.cleanups).toBe(1);
    expect(collect(['a', 'b', 'c'], pipe(counting(log), take(1)))).toEqual(['1:a']);
    expect(log.cleanups).toBe(2);
  });

  it('passes `this` as the steps object', () => {
    const self = defineFilter<number, number>('self', () => ({
      total: 0,
      step(this: { total: number }, n: number) {
        this.total += n;
        return [this.total];
      },
    }));
    expect(collect([1, 2, 3], self)).toEqual([1, 3, 6]);
  });

  it('a step that returns a non-array fails as a FilterError naming the filter', () => {
    const bad = defineFilter<number, number>('bad', () => ({ step: (n) => n as never }));
    const error = caught(() => collect([1], pipe(take<number>(5), bad)));
    expect(error).toBeInstanceOf(FilterError);
    expect(error).toMatchObject({ filter: 'bad', stage: 2, stages: 2 });
    expect((error as FilterError).cause).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/step\(\) must return an array of outputs or nothing, got number/);
  });

  it('an end that returns a non-array fails the same way', () => {
    const bad = defineFilter<number, number>('badEnd', () => ({ step: () => undefined, end: () => 'done' as never }));
    const error = caught(() => collect([1], bad));
    expect(error).toMatchObject({ name: 'FilterError', filter: 'badEnd' });
    expect((error as Error).message).toMatch(/end\(\) must return an array/);
  });

  it('init returning something without step() fails when the run starts', () => {
    const noStep = defineFilter<number, number>('noStep', () => ({}) as never);
    const error = caught(() => collect([1], noStep));
    expect(error).toMatchObject({ name: 'FilterError', filter: 'noStep' });
    expect((error as FilterError).cause).toBeInstanceOf(TypeError);
  });

  it('init throwing runs the cleanups of the stages already started', () => {
    const log = { inits: 0, cleanups: 0 };
    const boom = defineFilter<string, string>('boom', () => {
      throw new Error('no init');
    });
    const error = caught(() => collect(['a'], pipe(counting(log), boom)));
    expect(error).toMatchObject({ name: 'FilterError', filter: 'boom', stage: 2 });
    expect(log).toEqual({ inits: 1, cleanups: 1 });
  });

  it('rejects a bad name or init at definition time', () => {
    expect(() => defineFilter('', () => ({ step: () => undefined }))).toThrow(TypeError);
    expect(() => defineFilter(7 as never, () => ({ step: () => undefined }))).toThrow(
      /defineFilter\(\): name must be a non-empty string, got number/,
    );
    expect(() => defineFilter('x', {} as never)).toThrow(/defineFilter\('x'\): init must be a function, got Object/);
  });
});
