// Property: every host runs a pipeline to the outputs the reference model (plain array functions over
// the whole input, `test-reference-model.ts`) says it makes, so a bug every host shares is caught too:
// random pipelines over random inputs, cut into random batches, with and without an async stage, with a
// stage or the source failing at a random point (the outputs before the failure, then the error). The
// hosts are also compared with each other. The stepper (`start`) and the push bridges have their own.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { map } from '../filters/map.js';
import { mapAsync } from '../filters/map-async.js';
import { pipe } from '../filters/pipe.js';
import { fromBatches } from '../sources/from-batches.js';
import {
  drainAsync,
  drainSync,
  endingOf,
  failingAsync,
  failingAsyncStage,
  failingBatches,
  failingStage,
  failingSync,
  linesModel,
  modelStage as stage,
  pipeAll,
  runModel,
  type ModelStage,
  type NumberFilter,
  type Outcome,
} from '../test-reference-model.js';
import { decodeText } from '../text/decode-text.js';
import { lines } from '../text/lines.js';
import { cuts as textCuts, splitAt, trickyText } from '../text/test-text-arbitraries.js';
import { collect } from './collect.js';
import { pull } from './pull.js';
import { pullBatches } from './pull-batches.js';
import { start } from './start.js';

async function* chunksOf<T>(values: readonly T[]): AsyncGenerator<T> {
  for (const value of values) yield value;
}

async function drainBatches<T>(it: AsyncIterable<readonly T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const values of it) out.push(...values);
  return out;
}

function stepThrough(pipeline: NumberFilter, input: readonly number[]): number[] {
  const stepper = start(pipeline);
  const out: number[] = [];
  for (const n of input) out.push(...stepper.push(n));
  out.push(...stepper.end());
  return out;
}

const scenario = fc.record({
  stages: fc.array(stage, { maxLength: 6 }),
  input: fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 25 }),
  cuts: fc.array(fc.nat(), { maxLength: 6 }),
  asyncAt: fc.nat(),
  concurrency: fc.integer({ min: 1, max: 4 }),
});

describe('all hosts agree', () => {
  it('property: sync pull, collect and start give identical outputs', () => {
    fc.assert(
      fc.property(scenario, ({ stages, input }) => {
        const pipeline = pipeAll(stages.map((s) => s.make()));
        const expected = [...pull(input, pipeline)];
        expect(collect(input, pipeline)).toEqual(expected);
        expect(stepThrough(pipeline, input)).toEqual(expected);
        // A generator source (iterator protocol) rather than an array (read by index).
        expect([...pull(input.values(), pipeline)]).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('property: async pull, pullBatches and async collect give the sync outputs, batched or not', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ stages, input, cuts }) => {
        const pipeline = pipeAll(stages.map((s) => s.make()));
        const expected = [...pull(input, pipeline)];
        const batches = splitAt(input, cuts);
        const pulled: number[] = [];
        for await (const n of pull(chunksOf(input), pipeline)) pulled.push(n);
        expect(pulled).toEqual(expected);
        const pulledBatched: number[] = [];
        for await (const n of pull(fromBatches(batches), pipeline)) pulledBatched.push(n);
        expect(pulledBatched).toEqual(expected);
        expect(await drainBatches(pullBatches(fromBatches(batches), pipeline))).toEqual(expected);
        expect(await drainBatches(pullBatches(input, pipeline))).toEqual(expected);
        expect(await collect(chunksOf(input), pipeline)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('property: an async identity stage anywhere changes no output', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ stages, input, cuts, asyncAt, concurrency }) => {
        const filters = stages.map((s) => s.make());
        const expected = [...pull(input, pipeAll(filters))];
        const at = asyncAt % (filters.length + 1);
        const identity = mapAsync(async (n: number) => n, { concurrency });
        const withAsync = pipeAll([...filters.slice(0, at), identity, ...filters.slice(at)]);
        const pulled: number[] = [];
        for await (const n of pull(fromBatches(splitAt(input, cuts)), withAsync)) pulled.push(n);
        expect(pulled).toEqual(expected);
        expect(await drainBatches(pullBatches(chunksOf(input), withAsync))).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});

/** An async identity stage: it sends the run down the node host and reads ahead of the consumer. */
const asyncIdentity = (concurrency: number): ModelStage => ({
  label: `mapAsync×${concurrency}`,
  size: 1,
  make: () => mapAsync(async (n: number) => n, { concurrency }),
  model: (flow) => flow,
});

function insertAt<T>(items: readonly T[], at: number, item: T): T[] {
  const index = at % (items.length + 1);
  return [...items.slice(0, index), item, ...items.slice(index)];
}

const failing = fc.record({
  stages: fc.array(stage, { maxLength: 6 }),
  input: fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 25 }),
  cuts: fc.array(fc.nat(), { maxLength: 6 }),
  stageFailure: fc.option(fc.record({ position: fc.nat(), at: fc.nat({ max: 12 }) }), { nil: undefined }),
  sourceFailsAt: fc.option(fc.nat({ max: 30 }), { nil: undefined }),
});

/** The scenario's stages, with the failing one in its place. */
function stagesOf({
  stages,
  stageFailure,
}: {
  stages: ModelStage[];
  stageFailure: { position: number; at: number } | undefined;
}): ModelStage[] {
  return stageFailure === undefined ? stages : insertAt(stages, stageFailure.position, failingStage(stageFailure.at));
}

/** `collect` is all or nothing: every output, or the error alone. */
function allOrNothing(expected: Outcome): Outcome {
  return expected.ending.kind === 'end' ? expected : { values: [], ending: expected.ending };
}

function collectSync(source: Iterable<number>, pipeline: NumberFilter): Outcome {
  try {
    return { values: collect(source, pipeline), ending: endingOf(undefined) };
  } catch (error) {
    return { values: [], ending: endingOf(error) };
  }
}

async function collectAsync(source: AsyncIterable<number>, pipeline: NumberFilter): Promise<Outcome> {
  try {
    return { values: await collect(source, pipeline), ending: endingOf(undefined) };
  } catch (error) {
    return { values: [], ending: endingOf(error) };
  }
}

describe('every host matches the reference model', () => {
  it('property: sync pull and collect, over an array and a generator, with random failures', () => {
    fc.assert(
      fc.property(failing, (scenario) => {
        const stages = stagesOf(scenario);
        const { input, sourceFailsAt } = scenario;
        const expected = runModel(stages, input, sourceFailsAt);
        const pipeline = pipeAll(stages.map((s) => s.make()));
        if (sourceFailsAt === undefined) {
          expect(drainSync(pull(input, pipeline))).toEqual(expected);
          expect(collectSync(input, pipeline)).toEqual(allOrNothing(expected));
        }
        expect(drainSync(pull(failingSync(input, sourceFailsAt), pipeline))).toEqual(expected);
        expect(collectSync(failingSync(input, sourceFailsAt), pipeline)).toEqual(allOrNothing(expected));
      }),
      { numRuns: 400 },
    );
  });

  it('property: async pull, pullBatches and async collect, chunked at random, with random failures', async () => {
    await fc.assert(
      fc.asyncProperty(failing, async (scenario) => {
        const stages = stagesOf(scenario);
        const { input, cuts, sourceFailsAt } = scenario;
        const expected = runModel(stages, input, sourceFailsAt);
        const pipeline = pipeAll(stages.map((s) => s.make()));
        const batches = splitAt(input, cuts);
        expect(await drainAsync(pull(failingAsync(input, sourceFailsAt), pipeline))).toEqual(expected);
        expect(await drainAsync(pull(fromBatches(failingBatches(batches, sourceFailsAt)), pipeline))).toEqual(expected);
        expect(await drainAsync(pullBatches(fromBatches(failingBatches(batches, sourceFailsAt)), pipeline))).toEqual(
          expected,
        );
        expect(await drainAsync(pullBatches(failingSync(input, sourceFailsAt), pipeline))).toEqual(expected);
        expect(await collectAsync(failingAsync(input, sourceFailsAt), pipeline)).toEqual(allOrNothing(expected));
      }),
      { numRuns: 150 },
    );
  });

  it('property: an async stage failing at a random input, its calls settling in a random order', async () => {
    await fc.assert(
      fc.asyncProperty(
        failing,
        fc.nat(),
        fc.nat({ max: 8 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.nat({ max: 6 }), { minLength: 1, maxLength: 5 }),
        async (scenario, position, at, concurrency, delays) => {
          const stages = insertAt(scenario.stages, position, failingAsyncStage(at, concurrency, delays));
          const { input, cuts } = scenario;
          const expected = runModel(stages, input);
          const pipeline = pipeAll(stages.map((s) => s.make()));
          expect(await drainAsync(pull(failingAsync(input), pipeline))).toEqual(expected);
          const batches = splitAt(input, cuts);
          expect(await drainAsync(pullBatches(fromBatches(batches), pipeline))).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('property: the same with an async stage anywhere, at any concurrency', async () => {
    await fc.assert(
      fc.asyncProperty(failing, fc.nat(), fc.integer({ min: 1, max: 4 }), async (scenario, asyncAt, concurrency) => {
        const stages = insertAt(stagesOf(scenario), asyncAt, asyncIdentity(concurrency));
        const { input, cuts, sourceFailsAt } = scenario;
        const expected = runModel(stages, input, sourceFailsAt);
        const pipeline = pipeAll(stages.map((s) => s.make()));
        expect(await drainAsync(pull(failingAsync(input, sourceFailsAt), pipeline))).toEqual(expected);
        const batches = splitAt(input, cuts);
        expect(await drainAsync(pullBatches(fromBatches(failingBatches(batches, sourceFailsAt)), pipeline))).toEqual(
          expected,
        );
        expect(await collectAsync(failingAsync(input, sourceFailsAt), pipeline)).toEqual(allOrNothing(expected));
      }),
      { numRuns: 150 },
    );
  });
});

describe('the text filters on every host match the reference model', () => {
  it('property: lines over text cut at random, and decodeText → lines over bytes cut at random', async () => {
    await fc.assert(
      fc.asyncProperty(trickyText, textCuts, textCuts, fc.boolean(), async (text, textAt, groupAt, keepEnds) => {
        const shout = pipe(
          lines({ keepEnds }),
          map((line: string) => line.toUpperCase()),
        );
        const chunks = splitAt(text, textAt);
        const groups = splitAt(chunks, groupAt);
        const expected = linesModel(text, keepEnds).map((line) => line.toUpperCase());
        expect(collect(chunks, shout)).toEqual(expected);
        expect([...pull(chunks.values(), shout)]).toEqual(expected);
        expect(await collect(chunksOf(chunks), shout)).toEqual(expected);
        expect(await drainBatches(pullBatches(fromBatches(groups), shout))).toEqual(expected);

        const bytes = new TextEncoder().encode(text);
        const decoded = new TextDecoder().decode(bytes);
        const byteChunks = splitAt(bytes, textAt);
        const fromBytes = pipe(decodeText(), lines({ keepEnds }));
        expect(collect(byteChunks, fromBytes)).toEqual(linesModel(decoded, keepEnds));
        expect(await drainBatches(pullBatches(fromBatches(splitAt(byteChunks, groupAt)), fromBytes))).toEqual(
          linesModel(decoded, keepEnds),
        );
      }),
      { numRuns: 150 },
    );
  });
});
