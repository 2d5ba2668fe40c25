import { describe, expect, it } from 'vitest';
import { FilterError } from '../filter-error.js';
import { batch } from '../filters/batch.js';
import { flatMap } from '../filters/flat-map.js';
import { map } from '../filters/map.js';
import { pipe } from '../filters/pipe.js';
import { take } from '../filters/take.js';
import { lines } from '../text/lines.js';
import { newFilterLog, tracked } from '../test-support.js';
import { start } from './start.js';

describe('start (the stepper)', () => {
  it('returns the outputs of each push, and the final outputs from end()', () => {
    const stepper = start(
      pipe(
        lines(),
        map((line: string) => line.length),
      ),
    );
    expect(stepper.push('ab\ncd')).toEqual([2]);
    expect(stepper.push('e\nfg\nh')).toEqual([3, 2]);
    expect(stepper.done).toBe(false);
    expect(stepper.end()).toEqual([1]);
    expect(stepper.done).toBe(true);
  });

  it('throws on push or end after end()', () => {
    const stepper = start(lines());
    stepper.end();
    expect(() => stepper.push('x')).toThrow(new TypeError('Stepper.push(): the run has ended; start() a new one'));
    expect(() => stepper.end()).toThrow(TypeError);
  });

  it('ends the run when a stage such as take finishes: that push flushes the later stages', () => {
    const log = newFilterLog();
    const stepper = start(pipe(take<number>(3), batch(2), tracked<number[]>(log)));
    expect(stepper.push(1)).toEqual([]);
    expect(stepper.push(2)).toEqual([[1, 2]]);
    expect(stepper.done).toBe(false);
    expect(stepper.push(3)).toEqual([[3]]);
    expect(stepper.done).toBe(true);
    expect(log.cleanups).toBe(1);
    expect(stepper.push(4)).toEqual([]);
    expect(stepper.end()).toEqual([]);
    expect(log).toEqual({ inits: 1, ends: 1, cleanups: 1 });
  });

  it("throws a failing filter's FilterError with the outputs the call made before it", () => {
    const log = newFilterLog();
    const stepper = start(
      pipe(
        lines(),
        tracked<string>(log, 'strict', (line) => line === 'b'),
      ),
    );
    let error: unknown;
    try {
      stepper.push('a\nb\nc\n');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FilterError);
    expect((error as FilterError).outputs).toEqual(['a']);
    expect(log.cleanups).toBe(1);
    expect(stepper.done).toBe(true);

    const twice = flatMap((line: string) => [line, `${line}!`]);
    const atEnd = start(
      pipe(
        lines(),
        twice,
        tracked<string>(newFilterLog(), 'strict', (line) => line === 'z!'),
      ),
    );
    expect(atEnd.push('x\nz')).toEqual(['x', 'x!']);
    let endError: unknown;
    try {
      atEnd.end();
    } catch (caught) {
      endError = caught;
    }
    expect((endError as FilterError).outputs).toEqual(['z']);
  });

  it('runs every cleanup once on end(), on dispose, and after an error', () => {
    const ended = newFilterLog();
    const s1 = start(tracked<number>(ended));
    s1.push(1);
    s1.end();
    s1[Symbol.dispose]();
    expect(ended).toEqual({ inits: 1, ends: 1, cleanups: 1 });

    const disposed = newFilterLog();
    const s2 = start(tracked<number>(disposed));
    s2.push(1);
    s2[Symbol.dispose]();
    s2[Symbol.dispose]();
    expect(disposed).toEqual({ inits: 1, ends: 0, cleanups: 1 });
    expect(s2.done).toBe(true);

    const failed = newFilterLog();
    const s3 = start(
      pipe(
        tracked<number>(failed),
        tracked<number>(newFilterLog(), 'boom', (n) => n === 2),
      ),
    );
    expect(s3.push(1)).toEqual([1]);
    let error: unknown;
    try {
      s3.push(2);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FilterError);
    expect(error).toMatchObject({ filter: 'boom', stage: 2, stages: 2 });
    expect(s3.done).toBe(true);
    expect(failed.cleanups).toBe(1);
    expect(() => s3.push(3)).toThrow(TypeError);
    s3[Symbol.dispose]();
    expect(failed.cleanups).toBe(1);
  });

  it('gives each stepper of one filter value its own state', () => {
    const split = lines();
    const a = start(split);
    const b = start(split);
    expect(a.push('one')).toEqual([]);
    expect(b.push('two\n')).toEqual(['two']);
    expect(a.end()).toEqual(['one']);
  });

  it('returns arrays the caller may keep', () => {
    const stepper = start(lines());
    const first = stepper.push('a\nb\n');
    const second = stepper.push('c\n');
    expect(first).toEqual(['a', 'b']);
    expect(second).toEqual(['c']);
  });

  it('rejects a non-filter', () => {
    expect(() => start({} as never)).toThrow(/start\(\): filter is not a Siphon filter, got Object/);
  });
});
