/**
 * The module each worker thread loads (a tsup entry of its own, never exported). Piscina calls the
 * default export with one task at a time; it imports the user's module, checks the export is a Siphon
 * filter, and runs it: a fresh `collect` per batch, or one `start()` stepper per key for keyed runs.
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Filter, Stepper } from '@siphon/core';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { describeValue } from './internal/describe.js';
import { encodeError } from './internal/encode-error.js';
import {
  transferables,
  type FilterAddress,
  type Outputs,
  type PerChunk,
  type PerKey,
  type Reply,
  type Task,
} from './internal/wire.js';

type AnyFilter = Filter<unknown, unknown>;

type Core = typeof import('@siphon/core');

/**
 * `isFilter` only knows filters made by its own copy of `@siphon/core`, so this file must get core the
 * way the user's module does. Piscina loads this file with `require()` first, which a CommonJS hook
 * (tsx's, inherited from a parent run with `--import tsx`) turns into a CommonJS module, while `import()`
 * of the user's module would get core's ES build: two copies. So neither is imported statically. From
 * the built package both are loaded with `import()`; from the sources (tests), whose `.ts` files only
 * tsx's CommonJS hook can load in a worker on Node 20 (its ESM hooks do not reach worker threads), both
 * are loaded with `require()`.
 */
// The CommonJS build has no `import.meta`: there, this module's own file names the place.
const here = typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;
const fromSource = here.endsWith('.ts');
const requireHere = createRequire(here);
let core: Promise<Core> | undefined;

function loadCore(): Promise<Core> {
  return (core ??= fromSource
    ? Promise.resolve(requireHere('@siphon/core') as Core)
    : (import('@siphon/core') as Promise<Core>));
}

const filters = new Map<string, Promise<AnyFilter>>();

/** This worker's keyed runs: a keyed run owns its threads, so there is at most one here. */
const keyed = new Map<string, Stepper<unknown, unknown>>();
let keyedQueue: Promise<unknown> = Promise.resolve();

export default function runTask(task: Task): Promise<unknown> {
  if (task.kind === 'batch') return answer(task, runBatch(task), (outputs) => outputs);
  if (task.kind === 'keyed') {
    const perChunk = inKeyedOrder(() => runKeyed(task));
    return answer(task, perChunk, (value) => value.flat());
  }
  const perKey = inKeyedOrder(() => endKeyed(task));
  return answer(task, perKey, (value) => value.flatMap(([, outputs]) => outputs));
}

/** Keyed tasks run one after another in arrival order, whatever an import awaits. */
function inKeyedOrder<T>(work: () => Promise<T>): Promise<T> {
  const result = keyedQueue.then(work);
  keyedQueue = result.catch(() => undefined);
  return result;
}

/** The task's reply; with `transfer`, the outputs' buffers are moved, not copied. */
async function answer<T>(task: Task, work: Promise<T>, outputsOf: (value: T) => Outputs): Promise<unknown> {
  let reply: Reply<T>;
  try {
    reply = { ok: true, value: await work };
  } catch (error) {
    reply = { ok: false, error: encodeError(error) };
  }
  if (!task.transfer || !reply.ok) return reply;
  const list = transferables(outputsOf(reply.value));
  return list.length === 0 ? reply : move({ [transferableSymbol]: list, [valueSymbol]: reply } as never);
}

async function runBatch(task: Task & { kind: 'batch' }): Promise<Outputs> {
  const { collect, fromBatches, isSyncFilter } = await loadCore();
  const filter = await load(task);
  return isSyncFilter(filter) ? collect(task.chunks, filter) : collect(fromBatches([task.chunks as unknown[]]), filter);
}

async function runKeyed(task: Task & { kind: 'keyed' }): Promise<PerChunk> {
  const { isSyncFilter, start } = await loadCore();
  const filter = await load(task);
  if (!isSyncFilter(filter)) {
    throw new TypeError(
      `inWorkers(): options.key needs a filter whose stages are all synchronous (each key's run is a ` +
        `start() stepper), but export '${task.exportName}' of ${task.url} has an asynchronous stage`,
    );
  }
  const perChunk: (readonly unknown[])[] = [];
  for (let i = 0; i < task.chunks.length; i++) {
    const key = task.keys[i]!;
    let stepper = keyed.get(key);
    if (stepper === undefined) {
      stepper = start(filter);
      keyed.set(key, stepper);
    }
    perChunk.push(stepper.push(task.chunks[i]));
  }
  return perChunk;
}

async function endKeyed(task: Task & { kind: 'end' }): Promise<PerKey> {
  await load(task);
  const perKey: [string, readonly unknown[]][] = [];
  for (const [key, stepper] of keyed) {
    keyed.delete(key);
    const outputs = stepper.end();
    if (outputs.length > 0) perKey.push([key, outputs]);
  }
  return perKey;
}

function load(address: FilterAddress): Promise<AnyFilter> {
  const id = `${address.url}#${address.exportName}`;
  let filter = filters.get(id);
  if (filter === undefined) {
    filter = importFilter(address);
    filters.set(id, filter);
  }
  return filter;
}

async function importFilter({ url, exportName }: FilterAddress): Promise<AnyFilter> {
  let namespace: Record<string, unknown>;
  try {
    namespace = (fromSource ? requireHere(fileURLToPath(url)) : await import(url)) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TypeError(`inWorkers(): cannot import ${url}: ${reason}`, { cause: error });
  }
  if (!(exportName in namespace)) {
    const names = Object.keys(namespace).join(', ');
    throw new TypeError(
      `inWorkers(): ${url} has no export named '${exportName}' (its exports: ${names === '' ? 'none' : names})`,
    );
  }
  const value = namespace[exportName];
  const { isFilter } = await loadCore();
  if (!isFilter(value)) {
    const hint =
      typeof value === 'function'
        ? ' (a function: export the filter itself, `map(fn)`, not its factory)'
        : ' (a filter made by another copy of @siphon/core fails this check too)';
    throw new TypeError(
      `inWorkers(): export '${exportName}' of ${url} is not a Siphon filter, got ${describeValue(value)}${hint}`,
    );
  }
  return value;
}
