/**
 * W1 objects: 1,000,000 short strings → append '\n' (the incident's AddLF) → keep about half → map to
 * length → sum. The floor is a hand-written loop; every other row does the same work with a library
 * users would pick instead, or with Siphon.
 */
import { pipeline } from 'node:stream/promises';
import { Readable, Transform, Writable } from 'node:stream';
import { collect, filter, fromBatches, map, pipe, pull, pullBatches, start, type Filter } from '@siphon/core';
import { AddLF, Filter as NaiveFilter } from '@siphon/naive';
import { comp, filter as tFilter, map as tMap, transduce, add } from '@thi.ng/transducers';
import { Effect, Stream } from 'effect';
import { AsyncIterableX } from 'ix/asynciterable';
import { filter as ixAsyncFilter, map as ixAsyncMap } from 'ix/asynciterable/operators';
import { IterableX } from 'ix/iterable';
import { filter as ixFilter, map as ixMap } from 'ix/iterable/operators';
import itFilter from 'it-filter';
import itMap from 'it-map';
import { pipe as itPipe } from 'it-pipe';
import { from as rxFrom, filter as rxFilter, map as rxMap, type OperatorFunction } from 'rxjs';
import { filter as siFilter, map as siMap } from 'streaming-iterables';
import { asyncItems, batchesOf, random, readableStreamOf } from './harness/data.js';
import { loadExport, Registry } from './harness/registry.js';
import { runIfMain } from './harness/run-scenario.js';
import { defineScenario } from './harness/scenario.js';
import { allOf, besideBound, fasterBy, memoryAtMost, slowerAtMost, speedAtLeast } from './harness/targets.js';

export interface W1Input {
  readonly strings: readonly string[];
  /** The same strings in arrays of {@link BATCH}, for the batched sources. */
  readonly batches: readonly (readonly string[])[];
  /**
   * The work's three steps as values, for the bound rows: taken from the input, so that nothing in the
   * timed function tells the compiler which functions they are, as in any pipeline given them.
   */
  readonly steps: Steps;
}

/** Items per array of the batched sources: what one socket read of small records might hand over. */
const BATCH = 1024;

// The work, shared by every variant that takes functions.
const addLF = (s: string): string => s + '\n';
const keep = (s: string): boolean => (s.length & 1) === 0;
const length = (s: string): number => s.length;

/** Siphon's pipeline: a reusable recipe, built once. */
const siphonW1: Filter<string, number> = pipe(map(addLF), filter(keep), map(length));

export const names = {
  floor: 'hand loop',
  stagesBound: 'bound: hand loop calling the three steps as run-time values (what any pipeline of them pays)',
  syncPullBound: 'bound: the same steps behind a minimal iterator (the least a sync pull host adds)',
  collectBound: 'bound: the same steps collected into an array, then summed (what any collect pays)',
  forAwaitBound: 'bound: hand loop in a for await, one resolved promise per item',
  sourceBound: 'bound: hand loop in a for await over the single-item source',
  pullHostBound: 'bound: the same through one .then per item (the least a pull host adds)',
  naive: 'naive callback classes',
  asyncGenerators: 'async generators',
  batchAsyncGenerators: 'async generators, batch-aware (over the fromBatches arrays)',
  nodeTransforms: 'Node 3 × Transform in pipeline()',
  nodeFused: 'Node 1 × fused Transform in pipeline()',
  rxjs: 'RxJS map, filter, map',
  effectSync: 'Effect Stream map, filter, map, runFold (runSync)',
  iteratorHelpers: 'iterator helpers: Iterator.from(…).map.filter.map',
  siphonSync: 'Siphon pull (sync)',
  siphonCollect: 'Siphon collect (sync)',
  siphonAsync: 'Siphon pull (async, single-item source)',
  siphonBatched: 'Siphon pull (async, fromBatches source)',
  siphonNode: 'Siphon toNodeTransform in pipeline()',
  siphonRx: 'Siphon toOperator in RxJS',
} as const;

/** What Node 22's iterator helpers give, typed here because the project's lib (Node 20) has no `Iterator.from`. */
interface IteratorHelpers<T> extends Iterable<T> {
  map<U>(step: (value: T) => U): IteratorHelpers<U>;
  filter(keep: (value: T) => boolean): IteratorHelpers<T>;
}

/** Three steps held as values, as a pipeline holds its stages. */
class Steps {
  constructor(
    readonly first: (s: string) => string,
    readonly second: (s: string) => boolean,
    readonly third: (s: string) => number,
  ) {}
}

/**
 * The thinnest sync pull host there can be over {@link Steps}: each `next()` runs the steps on source
 * items until one is kept and returns it in a fresh result, as every iterator must.
 */
class StepsIterator implements IterableIterator<number> {
  private index = 0;

  constructor(
    private readonly strings: readonly string[],
    private readonly steps: Steps,
  ) {}

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<number, undefined> {
    const { strings, steps } = this;
    while (this.index < strings.length) {
      const s = steps.first(strings[this.index++]!);
      if (steps.second(s)) return { value: steps.third(s), done: false };
    }
    return { value: undefined, done: true };
  }
}

function prepare(size: number): W1Input {
  const next = random(1);
  const strings: string[] = new Array(size);
  for (let i = 0; i < size; i++) {
    const len = 1 + Math.floor(next() * 12);
    let s = '';
    for (let k = 0; k < len; k++) s += String.fromCharCode(97 + Math.floor(next() * 26));
    strings[i] = s;
  }
  return { strings, batches: batchesOf(strings, BATCH), steps: new Steps(addLF, keep, length) };
}

/**
 * `source` behind the thinnest pull host there can be: each `next()` is the source's own `next()` plus
 * one promise reaction, which any host that transforms what it reads must add.
 */
function throughOneThen<T>(source: AsyncIterable<T>): AsyncIterableIterator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const pass = (result: IteratorResult<T>): IteratorResult<T> => result;
  return {
    next: () => iterator.next().then(pass),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** The cheapest async iterator there is: an already-resolved promise per item. */
function resolvedEach<T>(items: readonly T[]): AsyncIterableIterator<T> {
  let index = 0;
  return {
    next: () =>
      Promise.resolve(
        index < items.length ? { value: items[index++]!, done: false } : { value: undefined, done: true as const },
      ),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

async function* asyncBatches(batches: readonly (readonly string[])[]): AsyncGenerator<readonly string[]> {
  for (const batch of batches) yield batch;
}

function objectSource(strings: readonly string[]): Readable {
  return Readable.from(strings);
}

function sumWritable(into: { sum: number }): Writable {
  return new Writable({
    objectMode: true,
    write(n: number, _encoding, callback) {
      into.sum += n;
      callback();
    },
  });
}

function transformOf(step: (s: unknown) => unknown): Transform {
  return new Transform({
    objectMode: true,
    transform(chunk: unknown, _encoding, callback) {
      const out = step(chunk);
      if (out === undefined) callback();
      else callback(null, out);
    },
  });
}

// The naive design, as the incident writes it: each filter is built with the next one's bound update.
class KeepEvenLength extends NaiveFilter {
  override update(data: string): void {
    if ((data.length & 1) === 0) super.update(data);
  }
}

class LengthSum {
  sum = 0;
  readonly filter: NaiveFilter;
  constructor() {
    const keeper = new KeepEvenLength(this.theCallback.bind(this));
    this.filter = new AddLF(keeper.update.bind(keeper));
  }
  update(data: string): void {
    this.filter.update(data);
  }
  theCallback(data: string): void {
    this.sum += data.length;
  }
}

type ToNodeTransform = (filter: Filter<string, number>) => Transform;
type ToOperator = (filter: Filter<string, number>) => OperatorFunction<string, number>;
type ToTransformStream = (filter: Filter<string, number>) => TransformStream<string, number>;

async function variants(): Promise<Registry<W1Input, number>> {
  const r = new Registry<W1Input, number>();
  r.add(names.floor, ({ strings }) => {
    let sum = 0;
    for (let i = 0; i < strings.length; i++) {
      const s = strings[i]! + '\n';
      if ((s.length & 1) === 0) sum += s.length;
    }
    return sum;
  });
  // Not a peer: the least any pipeline pays whose stages are functions handed to it at run time, the
  // steps' own cost. The floor's compiler sees its steps as constants and never builds `s + '\n'`, only
  // its length; steps held as values are inlined behind a check, and every appended string is built.
  r.add(names.stagesBound, ({ strings, steps }) => {
    let sum = 0;
    for (let i = 0; i < strings.length; i++) {
      const s = steps.first(strings[i]!);
      if (steps.second(s)) sum += steps.third(s);
    }
    return sum;
  });
  // What `collect` does that the naive classes do not: it hands every output back in one array.
  r.add(names.collectBound, ({ strings, steps }) => {
    const outputs: number[] = [];
    for (let i = 0; i < strings.length; i++) {
      const s = steps.first(strings[i]!);
      if (steps.second(s)) outputs.push(steps.third(s));
    }
    let sum = 0;
    for (let i = 0; i < outputs.length; i++) sum += outputs[i]!;
    return sum;
  });
  r.add(names.syncPullBound, ({ strings, steps }) => {
    let sum = 0;
    for (const n of new StepsIterator(strings, steps)) sum += n;
    return sum;
  });
  // Not peers: what any per-item async consumer pays before any filtering, so the async targets can be
  // read against what is possible at all.
  r.add(names.forAwaitBound, async ({ strings }) => {
    let sum = 0;
    for await (const item of resolvedEach(strings)) {
      const s = item + '\n';
      if ((s.length & 1) === 0) sum += s.length;
    }
    return sum;
  });
  r.add(names.sourceBound, async ({ strings }) => {
    let sum = 0;
    for await (const item of asyncItems(strings)) {
      const s = item + '\n';
      if ((s.length & 1) === 0) sum += s.length;
    }
    return sum;
  });
  r.add(names.pullHostBound, async ({ strings }) => {
    let sum = 0;
    for await (const item of throughOneThen(asyncItems(strings))) {
      const s = item + '\n';
      if ((s.length & 1) === 0) sum += s.length;
    }
    return sum;
  });
  r.add(names.naive, ({ strings }) => {
    const consumer = new LengthSum();
    for (let i = 0; i < strings.length; i++) consumer.update(strings[i]!);
    return consumer.sum;
  });
  r.add('sync generators', ({ strings }) => {
    function* lf(source: Iterable<string>) {
      for (const s of source) yield s + '\n';
    }
    function* kept(source: Iterable<string>) {
      for (const s of source) if (keep(s)) yield s;
    }
    function* lengths(source: Iterable<string>) {
      for (const s of source) yield s.length;
    }
    let sum = 0;
    for (const n of lengths(kept(lf(strings)))) sum += n;
    return sum;
  });
  r.add(names.asyncGenerators, async ({ strings }) => {
    async function* lf(source: AsyncIterable<string>) {
      for await (const s of source) yield s + '\n';
    }
    async function* kept(source: AsyncIterable<string>) {
      for await (const s of source) if (keep(s)) yield s;
    }
    async function* lengths(source: AsyncIterable<string>) {
      for await (const s of source) yield s.length;
    }
    let sum = 0;
    for await (const n of lengths(kept(lf(asyncItems(strings))))) sum += n;
    return sum;
  });
  // The async-generator chain a user would write over a batched source: each stage takes and yields
  // arrays, so it pays one generator step per batch of 1024 and not per item (Siphon's batched target).
  r.add(names.batchAsyncGenerators, async ({ batches }) => {
    async function* lf(source: AsyncIterable<readonly string[]>) {
      for await (const batch of source) {
        const out: string[] = new Array(batch.length);
        for (let i = 0; i < batch.length; i++) out[i] = batch[i]! + '\n';
        yield out;
      }
    }
    async function* kept(source: AsyncIterable<readonly string[]>) {
      for await (const batch of source) {
        const out: string[] = [];
        for (let i = 0; i < batch.length; i++) if (keep(batch[i]!)) out.push(batch[i]!);
        if (out.length > 0) yield out;
      }
    }
    async function* lengths(source: AsyncIterable<readonly string[]>) {
      for await (const batch of source) {
        const out: number[] = new Array(batch.length);
        for (let i = 0; i < batch.length; i++) out[i] = batch[i]!.length;
        yield out;
      }
    }
    let sum = 0;
    for await (const batch of lengths(kept(lf(asyncBatches(batches))))) {
      for (let i = 0; i < batch.length; i++) sum += batch[i]!;
    }
    return sum;
  });
  r.add(names.nodeTransforms, async ({ strings }) => {
    const into = { sum: 0 };
    await pipeline(
      objectSource(strings),
      transformOf((s) => (s as string) + '\n'),
      transformOf((s) => (keep(s as string) ? s : undefined)),
      transformOf((s) => (s as string).length),
      sumWritable(into),
    );
    return into.sum;
  });
  r.add(names.nodeFused, async ({ strings }) => {
    const into = { sum: 0 };
    await pipeline(
      objectSource(strings),
      transformOf((chunk) => {
        const s = (chunk as string) + '\n';
        return (s.length & 1) === 0 ? s.length : undefined;
      }),
      sumWritable(into),
    );
    return into.sum;
  });
  r.add('Node pipeline() with async generator stages', async ({ strings }) => {
    let sum = 0;
    await pipeline(
      objectSource(strings),
      async function* (source: AsyncIterable<string>) {
        for await (const s of source) yield s + '\n';
      },
      async function* (source: AsyncIterable<string>) {
        for await (const s of source) if (keep(s)) yield s;
      },
      async function* (source: AsyncIterable<string>) {
        for await (const s of source) yield s.length;
      },
      async (source: AsyncIterable<number>) => {
        for await (const n of source) sum += n;
      },
    );
    return sum;
  });
  r.add('Node Readable.map/filter', async ({ strings }) => {
    let sum = 0;
    const stream = objectSource(strings).map(addLF).filter(keep).map(length);
    for await (const n of stream as AsyncIterable<number>) sum += n;
    return sum;
  });
  r.add('WHATWG 3 × TransformStream', async ({ strings }) => {
    const stage = <A, B>(step: (a: A, c: TransformStreamDefaultController<B>) => void) =>
      new TransformStream<A, B>({ transform: step });
    const reader = readableStreamOf(strings)
      .pipeThrough(stage<string, string>((s, c) => c.enqueue(s + '\n')))
      .pipeThrough(stage<string, string>((s, c) => (keep(s) ? c.enqueue(s) : undefined)))
      .pipeThrough(stage<string, number>((s, c) => c.enqueue(s.length)))
      .getReader();
    let sum = 0;
    for (let read = await reader.read(); read.done !== true; read = await reader.read()) sum += read.value;
    return sum;
  });
  r.add(names.rxjs, ({ strings }) => {
    let sum = 0;
    rxFrom(strings)
      .pipe(rxMap(addLF), rxFilter(keep), rxMap(length))
      .subscribe((n) => {
        sum += n;
      });
    return sum;
  });
  r.add(names.effectSync, ({ strings }) =>
    Effect.runSync(
      Stream.fromIterable(strings).pipe(
        Stream.map(addLF),
        Stream.filter(keep),
        Stream.map(length),
        Stream.runFold(0, (sum, n) => sum + n),
      ),
    ),
  );
  // Iterator helpers are built into Node 22 and later, not Node 20: the row is there where they are.
  const helpers = (globalThis as { Iterator?: { from?: (items: Iterable<string>) => IteratorHelpers<string> } })
    .Iterator?.from;
  if (helpers !== undefined) {
    r.add(names.iteratorHelpers, ({ strings }) => {
      let sum = 0;
      for (const n of helpers(strings).map(addLF).filter(keep).map(length)) sum += n;
      return sum;
    });
  }
  r.add('IxJS sync', ({ strings }) => {
    let sum = 0;
    for (const n of IterableX.from(strings).pipe(ixMap(addLF), ixFilter(keep), ixMap(length))) sum += n;
    return sum;
  });
  r.add('IxJS async', async ({ strings }) => {
    let sum = 0;
    const source = AsyncIterableX.from(asyncItems(strings)).pipe(
      ixAsyncMap(addLF),
      ixAsyncFilter(keep),
      ixAsyncMap(length),
    );
    for await (const n of source) sum += n;
    return sum;
  });
  r.add('it-pipe + it-map/it-filter', ({ strings }) =>
    itPipe(
      strings,
      (source: Iterable<string>) => itMap(source, addLF),
      (source: Iterable<string>) => itFilter(source, keep),
      (source: Iterable<string>) => itMap(source, length),
      (source: Iterable<number>) => {
        let sum = 0;
        for (const n of source) sum += n;
        return sum;
      },
    ),
  );
  r.add('streaming-iterables', async ({ strings }) => {
    let sum = 0;
    for await (const n of siMap(length, siFilter(keep, siMap(addLF, strings)))) sum += n;
    return sum;
  });
  r.add('@thi.ng/transducers', ({ strings }) =>
    transduce(comp(tMap(addLF), tFilter(keep), tMap(length)), add(), strings),
  );

  r.add(names.siphonSync, ({ strings }) => {
    let sum = 0;
    for (const n of pull(strings, siphonW1)) sum += n;
    return sum;
  });
  r.add(names.siphonCollect, ({ strings }) => {
    const outputs = collect(strings, siphonW1);
    let sum = 0;
    for (let i = 0; i < outputs.length; i++) sum += outputs[i]!;
    return sum;
  });
  r.add(names.siphonAsync, async ({ strings }) => {
    let sum = 0;
    for await (const n of pull(asyncItems(strings), siphonW1)) sum += n;
    return sum;
  });
  r.add(names.siphonBatched, async ({ batches }) => {
    let sum = 0;
    for await (const n of pull(fromBatches(asyncBatches(batches)), siphonW1)) sum += n;
    return sum;
  });
  r.add('Siphon pullBatches (fromBatches source)', async ({ batches }) => {
    let sum = 0;
    for await (const batch of pullBatches(fromBatches(asyncBatches(batches)), siphonW1)) {
      for (let i = 0; i < batch.length; i++) sum += batch[i]!;
    }
    return sum;
  });
  r.add('Siphon start() stepper', ({ strings }) => {
    let sum = 0;
    const stepper = start(siphonW1);
    for (let i = 0; i < strings.length; i++) {
      const out = stepper.push(strings[i]!);
      for (let k = 0; k < out.length; k++) sum += out[k]!;
    }
    for (const n of stepper.end()) sum += n;
    return sum;
  });

  const toNodeTransform = await loadExport<ToNodeTransform>('@siphon/node', 'toNodeTransform');
  r.optional(
    names.siphonNode,
    typeof toNodeTransform === 'string'
      ? toNodeTransform
      : async ({ strings }) => {
          const into = { sum: 0 };
          await pipeline(objectSource(strings), toNodeTransform(siphonW1), sumWritable(into));
          return into.sum;
        },
  );
  const toOperator = await loadExport<ToOperator>('@siphon/rxjs', 'toOperator');
  r.optional(
    names.siphonRx,
    typeof toOperator === 'string'
      ? toOperator
      : ({ strings }) => {
          let sum = 0;
          rxFrom(strings)
            .pipe(toOperator(siphonW1))
            .subscribe((n) => {
              sum += n;
            });
          return sum;
        },
  );
  const toTransformStream = await loadExport<ToTransformStream>('@siphon/web', 'toTransformStream');
  r.optional(
    'Siphon toTransformStream',
    typeof toTransformStream === 'string'
      ? toTransformStream
      : async ({ strings }) => {
          const reader = readableStreamOf(strings).pipeThrough(toTransformStream(siphonW1)).getReader();
          let sum = 0;
          for (let read = await reader.read(); read.done !== true; read = await reader.read()) sum += read.value;
          return sum;
        },
  );
  return r;
}

export const scenario = defineScenario<W1Input, number>({
  id: 'W1',
  title: 'objects: strings → append \\n → keep about half → length → sum',
  url: import.meta.url,
  sizes: { full: 1_000_000, quick: 100_000, test: 2_000 },
  sizeUnit: 'strings',
  prepare,
  chunksOf: (input) => input.strings.length,
  // Written with array methods, unlike every variant, so that it checks the hand loop too.
  reference: ({ strings }) =>
    strings
      .map((s) => `${s}\n`)
      .filter((s) => s.length % 2 === 0)
      .reduce((sum, s) => sum + s.length, 0),
  variants,
  floor: names.floor,
  targets: [
    besideBound(
      besideBound(
        speedAtLeast('W1 Siphon sync `pull` / hand loop', names.siphonSync, names.floor, 0.55),
        names.stagesBound,
        names.floor,
        'steps as values',
      ),
      names.syncPullBound,
      names.floor,
      'minimal iterator',
    ),
    speedAtLeast('W1 Siphon `pull` over a batched async source / hand loop', names.siphonBatched, names.floor, 0.3),
    besideBound(
      speedAtLeast('W1 Siphon `collect` (sync) / naive callback classes', names.siphonCollect, names.naive, 1.0),
      names.collectBound,
      names.naive,
      'collecting bound',
    ),
    speedAtLeast(
      'W1 Siphon `pull` over `fromBatches` / batch-aware async-generator chain',
      names.siphonBatched,
      names.batchAsyncGenerators,
      1.0,
    ),
    fasterBy(
      'W1 Siphon async `pull` over a single-item async source / async generator chain',
      names.siphonAsync,
      names.asyncGenerators,
      2.5,
    ),
    allOf(
      'W1 `toNodeTransform` in `pipeline()` / 3 × `Transform`; and / one fused hand-written `Transform`',
      '≥ 1.3× faster; time ≤ 1.1× fused',
      [
        fasterBy('', names.siphonNode, names.nodeTransforms, 1.3),
        slowerAtMost('', names.siphonNode, names.nodeFused, 1.1),
      ],
    ),
    fasterBy('W1 `toOperator` / RxJS `map, filter, map`', names.siphonRx, names.rxjs, 1.5),
    memoryAtMost(
      'W1 sync heap allocated per chunk / hand loop',
      'allocatedPerChunk',
      names.siphonSync,
      names.floor,
      1.2,
    ),
  ],
});

await runIfMain(scenario);
