// Every host and adapter, each as one function with one shape: run a pipeline over input that arrives in
// groups (one group per turn of the event loop, so chunking is random), where the source may fail after
// a number of values, and report what came out and how the run ended, in the reference model's terms.
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FilterError, fromPush, pull, pullBatches, start, type Filter, type PushObserver } from '@siphon/core';
import { toNodeTransform } from '@siphon/node';
import { toOperator } from '@siphon/rxjs';
import { toTransformStream } from '@siphon/web';
import { concat, from, Subject, throwError, type Observable } from 'rxjs';
import { endingOf, SOURCE_FAILURE, type Ending } from '../../core/src/test-reference-model.js';

/** What a host handed out, and how the run ended. */
export interface HostOutcome {
  readonly values: readonly unknown[];
  readonly ending: Ending;
}

export interface Host {
  readonly name: string;
  /** False for hosts that run only all-synchronous pipelines: they have no second, async run. */
  readonly async: boolean;
  /**
   * True when a stage such as `take` finishing does not stop the source (a Node `Transform` cannot: it
   * only ends its readable side), so a source failing later still fails the whole pipeline.
   */
  readonly sourceOutlivesEarlyEnd?: boolean;
  /**
   * Runs `filter` over `groups`. The source fails with {@link SOURCE_FAILURE} in place of its value
   * number `failsAt` (0-based), if it has one; otherwise it ends after the last group.
   */
  run<T>(
    filter: Filter<T, unknown>,
    groups: readonly (readonly T[])[],
    failsAt: number | undefined,
  ): Promise<HostOutcome>;
}

const sourceFailure = (): Error => new Error(SOURCE_FAILURE);

/** One turn of the event loop: what was pushed so far has been taken and handed on. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A few turns: long enough for every async stage and stream in these runs to come to rest. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 4; i++) await nextTurn();
}

/** The values of `groups` in order, each with its number, stopping at the value the source fails on. */
function* valuesOf<T>(groups: readonly (readonly T[])[]): Generator<{ group: number; index: number; value: T }> {
  let index = 0;
  for (let group = 0; group < groups.length; group++) {
    for (const value of groups[group]!) yield { group, index: index++, value };
  }
}

const failsHere = (index: number, failsAt: number | undefined): boolean => failsAt !== undefined && index >= failsAt;

/** A manual push source: `play()` pushes each group in one turn, then completes or fails. */
function manualSource<T>(groups: readonly (readonly T[])[], failsAt: number | undefined) {
  let observer: PushObserver<T> | undefined;
  let teardowns = 0;
  const source = fromPush<T>(
    (o) => {
      observer = o;
      return () => void teardowns++;
    },
    { highWaterMark: 100_000 },
  );
  const play = async (between: () => Promise<void> | void = nextTurn): Promise<void> => {
    const o = observer!;
    let group = 0;
    for (const { group: g, index, value } of valuesOf(groups)) {
      for (; group < g; group++) await between();
      if (failsHere(index, failsAt)) {
        o.error(sourceFailure());
        return;
      }
      o.next(value);
    }
    for (; group < groups.length - 1; group++) await between();
    o.complete();
  };
  return { source, play, teardowns: () => teardowns };
}

/** Reads an async iterator of outputs (or, with `batches`, of arrays of them) to its end or its error. */
async function readAll(iterator: AsyncIterator<unknown>, batches: boolean): Promise<HostOutcome> {
  const values: unknown[] = [];
  try {
    for (let result = await iterator.next(); result.done !== true; result = await iterator.next()) {
      if (batches) values.push(...(result.value as readonly unknown[]));
      else values.push(result.value);
    }
  } catch (error) {
    return outcomeOf(values, error);
  }
  return outcomeOf(values);
}

function outcomeOf(values: readonly unknown[], error?: unknown): HostOutcome {
  return { values, ending: endingOf(error) };
}

/** `start()`: each value pushed by hand; a failing push or end throws a FilterError carrying its outputs. */
const stepper: Host = {
  name: 'start() stepper',
  async: false,
  async run(filter, groups, failsAt) {
    const stepper = start(filter);
    const values: unknown[] = [];
    try {
      for (const { index, value } of valuesOf(groups)) {
        if (stepper.done) break; // a stage such as `take` has finished: the caller stops reading
        if (failsHere(index, failsAt)) {
          // The caller's own source failed: it disposes of the run, which cleans up once.
          stepper[Symbol.dispose]();
          return { values, ending: { kind: 'source' } };
        }
        values.push(...stepper.push(value));
      }
      values.push(...stepper.end());
    } catch (error) {
      if (error instanceof FilterError) values.push(...error.outputs);
      if (!stepper.done) throw new Error('the stepper is not done after it threw', { cause: error });
      return outcomeOf(values, error);
    }
    if (!stepper.done) throw new Error('the stepper is not done after end()');
    return outcomeOf(values);
  },
};

/** Checks that a push source's teardown ran exactly once. */
function checkTeardowns(teardowns: number): void {
  if (teardowns !== 1) throw new Error(`the push source was torn down ${teardowns} times`);
}

/**
 * `pull(fromPush(…))`: the take-over path for sync pipelines, the async host otherwise. The first group
 * is pushed before `pull` is called (`play` runs to its first turn at once), so the take-over replays
 * what the source buffered, and an end or error that came with it.
 */
const pullOverPush: Host = {
  name: 'pull(fromPush)',
  async: true,
  async run(filter, groups, failsAt) {
    const { source, play, teardowns } = manualSource(groups, failsAt);
    const played = play();
    const [outcome] = await Promise.all([readAll(pull(source, filter), false), played]);
    checkTeardowns(teardowns());
    return outcome;
  },
};

/** `pullBatches(fromPush(…))`, taken over before anything is pushed. */
const pullBatchesOverPush: Host = {
  name: 'pullBatches(fromPush)',
  async: true,
  async run(filter, groups, failsAt) {
    const { source, play, teardowns } = manualSource(groups, failsAt);
    const [outcome] = await Promise.all([readAll(pullBatches(source, filter), true), play()]);
    checkTeardowns(teardowns());
    return outcome;
  },
};

/**
 * `drain()` on a taken-over `pull(fromPush(…))`: after each group and at the end. Once the outputs made
 * before a failure are taken, `drain()` throws the error, once; then `next()` ends. A run that did not
 * fail ends at `next()`.
 */
const drainOverPush: Host = {
  name: 'pull(fromPush).drain()',
  async: false,
  async run(filter, groups, failsAt) {
    const { source, play, teardowns } = manualSource(groups, failsAt);
    const consumer = pull(source, filter);
    const values: unknown[] = [];
    let failure: { error: unknown } | undefined;
    const take = (): void => {
      try {
        const ready = consumer.drain();
        if (failure !== undefined && ready.length > 0) throw new Error('drain() gave outputs after its error');
        values.push(...ready);
      } catch (error) {
        if (failure !== undefined) throw new Error('drain() threw twice', { cause: error });
        failure = { error };
      }
    };
    await play(take);
    take();
    if (failure !== undefined) {
      const result = await consumer.next();
      if (result.done !== true) throw new Error(`next() after drain() threw gave a value: ${String(result.value)}`);
      checkTeardowns(teardowns());
      return outcomeOf(values, failure.error);
    }
    try {
      const result = await consumer.next();
      if (result.done !== true) throw new Error(`next() after drain() gave a value: ${String(result.value)}`);
    } catch (error) {
      checkTeardowns(teardowns());
      return outcomeOf(values, error);
    }
    checkTeardowns(teardowns());
    return outcomeOf(values);
  },
};

/**
 * `toNodeTransform` in `stream/promises`' `pipeline`, from a `Readable.from` source to a collecting
 * `Writable`. The source fails a few turns after its last value: a failing source destroys the whole
 * pipeline (Node's rule), so outputs still on their way would be dropped by Node, not by the adapter.
 */
const nodeTransform: Host = {
  name: 'toNodeTransform',
  async: true,
  sourceOutlivesEarlyEnd: true,
  async run(filter, groups, failsAt) {
    async function* source() {
      let group = 0;
      for (const { group: g, index, value } of valuesOf(groups)) {
        for (; group < g; group++) await nextTurn();
        if (failsHere(index, failsAt)) {
          await settle();
          throw sourceFailure();
        }
        yield value;
      }
    }
    const values: unknown[] = [];
    const sink = new Writable({
      objectMode: true,
      write(chunk, _encoding, callback) {
        values.push(chunk);
        callback();
      },
    });
    try {
      await pipeline(Readable.from(source()), toNodeTransform(filter), sink);
    } catch (error) {
      return outcomeOf(values, error);
    }
    return outcomeOf(values);
  },
};

function subscribeAll(observable: Observable<unknown>): Promise<HostOutcome> {
  const values: unknown[] = [];
  return new Promise((resolve) => {
    observable.subscribe({
      next: (value) => void values.push(value),
      error: (error: unknown) => resolve(outcomeOf(values, error)),
      complete: () => resolve(outcomeOf(values)),
    });
  });
}

/** `toOperator` on RxJS `from(values)`, synchronous, then `throwError` where the source fails. */
const rxjsFrom: Host = {
  name: 'toOperator(from)',
  async: true,
  async run(filter, groups, failsAt) {
    const all = groups.flat();
    const source =
      failsAt !== undefined && failsAt < all.length
        ? concat(from(all.slice(0, failsAt)), throwError(sourceFailure))
        : from(all);
    return subscribeAll(source.pipe(toOperator(filter)));
  },
};

/** `toOperator` on a Subject fed one group per turn; once the run is over the Subject has no observer. */
const rxjsSubject: Host = {
  name: 'toOperator(Subject)',
  async: true,
  async run<T>(filter: Filter<T, unknown>, groups: readonly (readonly T[])[], failsAt: number | undefined) {
    const subject = new Subject<T>();
    const outcome = subscribeAll(subject.pipe(toOperator(filter)));
    let group = 0;
    let failed = false;
    for (const { group: g, index, value } of valuesOf(groups)) {
      for (; group < g; group++) await nextTurn();
      if (failsHere(index, failsAt)) {
        subject.error(sourceFailure());
        failed = true;
        break;
      }
      subject.next(value);
    }
    if (!failed) subject.complete();
    const result = await outcome;
    if (subject.observed) throw new Error('the Subject is still observed after the run ended');
    return result;
  },
};

/**
 * `toTransformStream` behind a `ReadableStream` source (one group per pull), with `pipeThrough`, read to
 * the end. As in Node, a failing source errors the whole pipe (the standard's rule), so it fails a few
 * turns after its last value.
 */
const webTransform: Host = {
  name: 'toTransformStream',
  async: true,
  async run(filter, groups, failsAt) {
    let group = 0;
    let index = 0;
    const source = new ReadableStream<unknown>(
      {
        async pull(controller) {
          await nextTurn();
          // A pull that enqueues nothing is not called again: skip the empty groups here.
          while (group < groups.length && groups[group]!.length === 0) {
            group++;
            await nextTurn();
          }
          if (group === groups.length) return controller.close();
          for (const value of groups[group++]!) {
            if (failsHere(index++, failsAt)) {
              await settle();
              return controller.error(sourceFailure());
            }
            controller.enqueue(value);
          }
        },
      },
      { highWaterMark: 0 },
    );
    const reader = source.pipeThrough(toTransformStream(filter as Filter<unknown, unknown>)).getReader();
    const values: unknown[] = [];
    try {
      for (let result = await reader.read(); !result.done; result = await reader.read()) values.push(result.value);
    } catch (error) {
      return outcomeOf(values, error);
    }
    return outcomeOf(values);
  },
};

export const hosts: readonly Host[] = [
  stepper,
  pullOverPush,
  pullBatchesOverPush,
  drainOverPush,
  nodeTransform,
  rxjsFrom,
  rxjsSubject,
  webTransform,
];
