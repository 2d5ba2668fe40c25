// Test support for this package's tests: streams and filters that record what happens to them.
// Not part of the package (`files` excludes `src/**/test-*`, and tsup builds only `src/index.ts`).
import { Readable, Writable } from 'node:stream';
import { defineFilter, type Filter } from '@siphon/core';

/** What a {@link probe} filter saw across its runs. */
export interface ProbeLog {
  runs: number;
  chunks: number;
  cleanups: number;
}

/** A pass-through filter that counts runs, chunks and cleanups, and can throw on a given chunk. */
export function probe<T>(log: ProbeLog, failOn?: (chunk: T) => boolean): Filter<T, T> {
  return defineFilter<T, T>('probe', () => {
    log.runs++;
    return {
      step(chunk) {
        log.chunks++;
        if (failOn?.(chunk) === true) throw new Error(`probe refused ${String(chunk)}`);
        return [chunk];
      },
      cleanup() {
        log.cleanups++;
      },
    };
  });
}

export function newProbeLog(): ProbeLog {
  return { runs: 0, chunks: 0, cleanups: 0 };
}

/** A writable that keeps every chunk, optionally finishing each write a macrotask later (a slow disk). */
export function sink<T = unknown>(
  options: { objectMode?: boolean; slow?: boolean; highWaterMark?: number; onWrite?: (chunk: T) => void } = {},
): Writable & { readonly chunks: T[] } {
  const chunks: T[] = [];
  const writable = new Writable({
    objectMode: options.objectMode ?? true,
    ...(options.highWaterMark === undefined ? {} : { highWaterMark: options.highWaterMark }),
    write(chunk: T, _encoding, callback) {
      chunks.push(chunk);
      options.onWrite?.(chunk);
      if (options.slow === true) setImmediate(callback);
      else callback();
    },
  });
  return Object.assign(writable, { chunks });
}

/** A readable that hands out `count` numbered chunks as fast as it is asked (pushing synchronously). */
export function counter(count: number, options: { objectMode?: boolean } = {}): Readable & { produced(): number } {
  let next = 0;
  const readable = new Readable({
    objectMode: options.objectMode ?? true,
    read() {
      if (next === count) this.push(null);
      else this.push(options.objectMode === false ? `${next++}\n` : next++);
    },
  });
  return Object.assign(readable, { produced: () => next });
}

/** Counts each stream's `'close'` events and remembers its `errored` value when it closed. */
export function watchClose(...streams: readonly (Readable | Writable)[]): { closes: number[]; errors: unknown[] } {
  const closes = streams.map(() => 0);
  const errors: unknown[] = streams.map(() => undefined);
  streams.forEach((stream, i) =>
    stream.on('close', () => {
      closes[i]!++;
      errors[i] = stream.errored;
    }),
  );
  return { closes, errors };
}

/** Cuts `data` into pieces at the given (sorted, in-range) offsets. */
export function cut<T extends { slice(start: number, end?: number): T; readonly length: number }>(
  data: T,
  offsets: readonly number[],
): T[] {
  const points = [...new Set(offsets.map((offset) => offset % (data.length + 1)))].sort((a, b) => a - b);
  const pieces: T[] = [];
  let from = 0;
  for (const point of points) {
    if (point > from) pieces.push(data.slice(from, point));
    from = Math.max(from, point);
  }
  if (from < data.length) pieces.push(data.slice(from));
  return pieces;
}

/** One macrotask turn: lets pending I/O callbacks and stream ticks run. */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
