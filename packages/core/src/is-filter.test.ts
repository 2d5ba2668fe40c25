import { describe, expect, it } from 'vitest';
import { map } from './filters/map.js';
import { mapAsync } from './filters/map-async.js';
import { pipe } from './filters/pipe.js';
import { isFilter } from './is-filter.js';
import { isSyncFilter } from './is-sync-filter.js';
import { lines } from './text/lines.js';

describe('isFilter', () => {
  it('accepts built-in, piped filters and rejects factories and look-alikes', () => {
    expect(isFilter(lines())).toBe(true);
    expect(
      isFilter(
        pipe(
          lines(),
          map((s: string) => s.length),
        ),
      ),
    ).toBe(true);
    expect(isFilter(lines)).toBe(false);
    expect(isFilter({ name: 'lines' })).toBe(false);
    expect(isFilter(null)).toBe(false);
  });
});

describe('isSyncFilter', () => {
  it('is true when every stage is synchronous, false when any stage is asynchronous', () => {
    expect(
      isSyncFilter(
        pipe(
          lines(),
          map((s: string) => s.length),
        ),
      ),
    ).toBe(true);
    expect(
      isSyncFilter(
        pipe(
          lines(),
          mapAsync(async (s: string) => s),
        ),
      ),
    ).toBe(false);
    expect(
      isSyncFilter(
        pipe(
          mapAsync(async (s: string) => s),
          lines(),
        ),
      ),
    ).toBe(false);
  });

  it('throws a TypeError naming itself for a value that is not a filter', () => {
    expect(() => isSyncFilter(lines as never)).toThrow(/^isSyncFilter\(\): filter is not a Siphon filter/);
  });
});
