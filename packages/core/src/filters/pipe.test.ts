import { describe, expect, it } from 'vitest';
import { collect } from '../consume/collect.js';
import { FilterError } from '../filter-error.js';
import { filter } from './filter.js';
import { map } from './map.js';
import { pipe } from './pipe.js';
import { take } from './take.js';

describe('pipe', () => {
  it('composes stages left to right', () => {
    const pipeline = pipe(
      map((n: number) => n + 1),
      filter((n) => n % 2 === 0),
      map((n) => `<${n}>`),
    );
    expect(collect([1, 2, 3, 4], pipeline)).toEqual(['<2>', '<4>']);
  });

  it('is itself a filter: pipes nest, and the name lists the stages', () => {
    const inner = pipe(
      map((n: number) => n * 2),
      map((n) => n + 1),
    );
    const outer = pipe(inner, take(2), inner);
    expect(collect([1, 2, 3], outer)).toEqual([7, 11]);
    expect(outer.name).toBe('pipe(pipe(map, map), take, pipe(map, map))');
    expect(pipe(inner)).toBe(inner);
  });

  it('runs long pipelines (past the unrolled first stages) correctly', () => {
    const inc = map((n: number) => n + 1);
    const stages = Array.from({ length: 30 }, () => inc);
    const long = (pipe as (...filters: unknown[]) => typeof inc)(...stages);
    expect(collect([0, 10], long)).toEqual([30, 40]);
  });

  it('numbers stages in the flattened pipeline in errors', () => {
    const fail = map((n: number) => {
      if (n > 1) throw new Error('too big');
      return n;
    });
    const pipeline = pipe(
      pipe(
        map((n: number) => n),
        map((n: number) => n),
      ),
      map((n: number) => n),
      fail,
      map((n: number) => n),
    );
    let error: unknown;
    try {
      collect([1, 2], pipeline);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FilterError);
    expect(error).toMatchObject({ filter: 'map', stage: 4, stages: 5 });
    expect((error as Error).message).toBe('map (stage 4 of 5) failed: Error: too big');
  });

  it('rejects a non-filter argument, naming pipe and the position', () => {
    const ok = map((n: number) => n);
    expect(() => pipe(ok, 42 as never)).toThrow(TypeError);
    expect(() => pipe(ok, 42 as never)).toThrow(/pipe\(\): argument 2 is not a Siphon filter, got number/);
    expect(() => pipe(map as never)).toThrow(/argument 1 .*did you pass a filter factory/);
    expect(() => pipe({ name: 'fake' } as never)).toThrow(/argument 1 is not a Siphon filter, got Object/);
    expect(() => (pipe as () => unknown)()).toThrow(new TypeError('pipe(): needs at least one filter'));
  });
});
