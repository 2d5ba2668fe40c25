import { availableParallelism } from 'node:os';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Filter } from '@siphon/core';
import { booleanOption, countOption, defineAsyncStage, describeValue, pipe, readOptions } from './internal/core.js';
import { batching, flattening } from './internal/batching.js';
import { CALLER, invalid, NAME } from './internal/name.js';
import { poolShare } from './internal/pool-share.js';
import { poolShares } from './internal/registry.js';
import { keyedRun, statelessRun } from './internal/runs.js';
import type { TaskCommon } from './internal/wire.js';

/**
 * Options for {@link inWorkers}.
 *
 * @example
 * ```ts
 * const options: InWorkersOptions<Event> = { threads: 4, batchSize: 512, maxInFlight: 2, key: (event) => event.userId };
 * ```
 */
export interface InWorkersOptions<In> {
  /**
   * How many worker threads run the filter.
   * @default `os.availableParallelism()`
   */
  readonly threads?: number;
  /**
   * Chunks per message to a worker: larger batches spread the cost of `postMessage` and a run's setup
   * over more chunks. The last batch of the input may be shorter.
   * @default 256
   */
  readonly batchSize?: number;
  /**
   * Batches in flight per thread. Once every thread has this many, the stage stops reading its input
   * until a batch comes back: backpressure.
   * @default 2
   */
  readonly maxInFlight?: number;
  /**
   * Move `ArrayBuffer`s and `Uint8Array`s (any typed array) to the worker and back instead of copying
   * them. A moved chunk is detached in the sending thread. Only views that cover their whole buffer move:
   * small Node `Buffer`s share one pooled buffer and are copied.
   * @default false
   */
  readonly transfer?: boolean;
  /**
   * For a stateful filter (`scan`, `lines`, `distinctUntilChanged`…): every chunk with the same key goes
   * to the same thread, which keeps one run of the filter per key for the whole run of the stage. The
   * filter must then be synchronous.
   * @default none: each batch is a fresh run of the filter
   */
  readonly key?: (chunk: In) => string;
  /**
   * Node options for the worker threads. A loader the parent runs under (`--import tsx`) is started in
   * every thread too (measured on the loaded 2-core machine: a run's first batch took 0.5–1.0 s with
   * tsx in the threads, 0.12–0.23 s without); `[]` leaves it out.
   * @default the parent's `process.execArgv`, as for any `Worker`
   */
  readonly execArgv?: readonly string[];
}

/**
 * A filter that runs on worker threads; `close()` or `await using` shuts its threads down.
 *
 * @example
 * ```ts
 * await using hash = inWorkers<Uint8Array, Uint8Array>(new URL('./hash.js', import.meta.url), 'sha256', { transfer: true });
 * const digests = await collect(fromBatches([chunks]), hash);
 * ```
 */
export interface WorkerStage<In, Out> extends Filter<In, Out>, AsyncDisposable {
  /**
   * Destroys the stage's worker threads now and resolves once every one has exited. A run still using
   * them fails with an error saying so; a later run starts new threads.
   */
  close(): Promise<void>;
}

const asyncDispose: typeof Symbol.asyncDispose =
  (Symbol as { asyncDispose?: typeof Symbol.asyncDispose }).asyncDispose ??
  (Symbol.for('Symbol.asyncDispose') as typeof Symbol.asyncDispose);

/**
 * Runs a Siphon filter on worker threads, as one asynchronous stage of a pipeline: chunks go to the
 * workers in batches and the outputs come back in input order. The filter is the named export of an
 * ES module that each worker imports; it is a recipe, so nothing but chunks and outputs crosses the
 * thread boundary.
 *
 * By default each batch is a fresh run of the filter (for `map`, `filter`, `flatMap`, `mapAsync` and
 * pipes of them); give `key` to keep one run per key instead. Threads start with the first batch and
 * stop when the last run using them ends, or on `close()`. A filter error in a worker arrives as a
 * `FilterError` naming `inWorkers`, whose `cause` is the worker's error with its stack.
 *
 * @param moduleUrl a `file:` URL or an absolute path: `new URL('./parse.js', import.meta.url)`
 * @param exportName the export that holds the filter
 *
 * @example
 * ```ts
 * // parse.js
 * export const parseRecords = pipe(map((line) => JSON.parse(line)), filter(isValid));
 *
 * // main.ts
 * const parse = inWorkers<string, Entry>(new URL('./parse.js', import.meta.url), 'parseRecords', { threads: 2 });
 * for await (const entries of pull(source, pipe(lines(), parse, batch(500)))) await save(entries);
 * ```
 */
export function inWorkers<In, Out>(
  moduleUrl: URL | string,
  exportName: string,
  options?: InWorkersOptions<In>,
): WorkerStage<In, Out> {
  const url = moduleHref(moduleUrl);
  if (typeof exportName !== 'string' || exportName === '') {
    throw invalid('exportName', 'a non-empty string', describe(exportName));
  }
  const raw = readOptions(options, CALLER);
  const threads = countOption(raw, 'threads', CALLER, 1) ?? availableParallelism();
  const batchSize = countOption(raw, 'batchSize', CALLER, 1) ?? 256;
  const maxInFlight = countOption(raw, 'maxInFlight', CALLER, 1) ?? 2;
  const transfer = booleanOption(raw, 'transfer', CALLER) ?? false;
  const { key, execArgv } = raw as InWorkersOptions<In>;
  if (key !== undefined && typeof key !== 'function') {
    throw invalid('options.key', 'a function', describeValue(key));
  }
  if (execArgv !== undefined && !(Array.isArray(execArgv) && execArgv.every((arg) => typeof arg === 'string'))) {
    throw invalid('options.execArgv', 'an array of strings', describeValue(execArgv));
  }

  const share = poolShare(threads, maxInFlight, execArgv);
  const common: TaskCommon = { url, exportName, transfer };
  const work = defineAsyncStage(
    NAME,
    key === undefined
      ? () => statelessRun(share, common)
      : () => keyedRun(share, common, key as (chunk: unknown) => string),
    // Every batch of a keyed run may touch every thread, so there this bounds the batches per thread.
    { concurrency: key === undefined ? threads * maxInFlight : maxInFlight },
  );
  const stage = pipe(batching(batchSize, key !== undefined), work, flattening<unknown>());
  const close = (): Promise<void> => share.close();
  Object.defineProperties(stage, {
    // Shown in `pipe(lines, inWorkers)` and wherever the filter is printed, instead of its three parts.
    name: { value: NAME },
    close: { value: close },
    [asyncDispose]: { value: close },
  });
  poolShares.set(stage, share);
  return stage as unknown as WorkerStage<In, Out>;
}

function moduleHref(moduleUrl: unknown): string {
  let url: URL | undefined;
  if (moduleUrl instanceof URL) url = moduleUrl;
  else if (typeof moduleUrl === 'string' && moduleUrl.startsWith('file:')) url = new URL(moduleUrl);
  else if (typeof moduleUrl === 'string' && isAbsolute(moduleUrl)) url = pathToFileURL(moduleUrl);
  if (url?.protocol === 'file:') return url.href;
  const expected = "a file: URL or an absolute path, e.g. new URL('./parse.js', import.meta.url)";
  throw invalid('moduleUrl', expected, url?.href ?? describe(moduleUrl));
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : describeValue(value);
}
