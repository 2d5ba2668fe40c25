import {
  decodeText,
  defineFilter,
  encodeText,
  FilterError,
  lines,
  map,
  mapAsync,
  normalizeNewlines,
  pipe,
  take,
  tap,
  type Filter,
} from '@siphon/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toTransformStream } from './to-transform-stream.js';
import {
  cleanupProbe,
  concat,
  cut,
  encoder,
  readAll,
  rejectionOf,
  settle,
  sourceOf,
  useHooklessTransformStream,
} from './test-streams.js';

const crlfPipeline = (): Filter<Uint8Array, Uint8Array> =>
  pipe(decodeText(), lines({ keepEnds: true }), normalizeNewlines('\r\n'), encodeText());

/** The same pipeline with an async stage in the middle, so it runs on the async host. */
const crlfPipelineAsync = (): Filter<Uint8Array, Uint8Array> =>
  pipe(
    decodeText(),
    mapAsync(async (text: string) => text, { concurrency: 3 }),
    lines({ keepEnds: true }),
    normalizeNewlines('\r\n'),
    encodeText(),
  );

/** What the CRLF pipeline must produce, computed without Siphon: decode whole, rewrite, encode. */
function expectedCrlf(bytes: Uint8Array): Uint8Array {
  return encoder.encode(new TextDecoder().decode(bytes).replace(/\r?\n/g, '\r\n'));
}

const textPieces = fc.array(
  fc.oneof(
    fc.constantFrom('\n', '\r\n', '\r', 'é', '€', '😀', 'line', ' '),
    fc.string({ unit: 'binary', maxLength: 8 }),
  ),
  { maxLength: 40 },
);

const runtimes = [
  { name: 'native TransformStream (transformer.cancel supported)', hookless: false },
  { name: 'stream pair (a TransformStream without transformer.cancel, as in browsers)', hookless: true },
] as const;

const hosts = [
  { host: 'sync stages (start)', async: false },
  { host: 'async stages (mapAsync)', async: true },
] as const;

/** Wraps `inner` between two probes: the outer cleanup count sees the whole run's teardown. */
function probed<T>(inner: Filter<T, T>, asyncStage: boolean) {
  const probe = cleanupProbe<T>();
  const filter = asyncStage
    ? pipe(
        probe.filter,
        mapAsync(async (value: T) => value),
        inner,
      )
    : pipe(probe.filter, inner);
  return { filter, cleanups: probe.cleanups };
}

describe.each(runtimes)('toTransformStream() on a $name', ({ hookless }) => {
  useHooklessTransformStream(hookless);

  it.runIf(hookless)('control: the stand-in TransformStream really never calls cancel', async () => {
    let called = false;
    const plain = new TransformStream({ cancel: () => void (called = true) } as Transformer);
    await plain.readable.cancel();
    expect(called).toBe(false);
  });

  it(hookless ? 'builds a readable/writable pair' : 'returns a real TransformStream', () => {
    const stream = toTransformStream(map((n: number) => n));
    expect(stream instanceof TransformStream).toBe(!hookless);
    expect(stream.readable).toBeInstanceOf(ReadableStream);
    expect(stream.writable).toBeInstanceOf(WritableStream);
  });

  describe.each(hosts)('with $host', ({ async }) => {
    const pipeline = async ? crlfPipelineAsync : crlfPipeline;

    it('is byte-exact for any chunking of any text', async () => {
      await fc.assert(
        fc.asyncProperty(textPieces, fc.array(fc.nat({ max: 200 }), { maxLength: 12 }), async (pieces, offsets) => {
          const bytes = encoder.encode(pieces.join(''));
          const { stream } = sourceOf(cut(bytes, offsets));
          const out = concat(await readAll(stream.pipeThrough(toTransformStream(pipeline()))));
          expect(out).toEqual(expectedCrlf(bytes));
        }),
        { numRuns: async ? 60 : 120 },
      );
    });

    it('emits the final outputs on close and cleans up once', async () => {
      const { filter, cleanups } = probed(lines(), async);
      const stream = toTransformStream(filter);
      const writer = stream.writable.getWriter();
      const read = readAll(stream.readable);
      await writer.write('one\ntw');
      await writer.write('o\nlast');
      await writer.close();
      expect(await read).toEqual(['one', 'two', 'last']);
      expect(cleanups()).toBe(1);
    });

    it('tears the run down once when the readable side is cancelled', async () => {
      const { filter, cleanups } = probed(lines(), async);
      const stream = toTransformStream(filter);
      const writer = stream.writable.getWriter();
      const reader = stream.readable.getReader();
      void writer.write('a\nb\n').catch(() => undefined);
      expect(await reader.read()).toEqual({ value: 'a', done: false });
      const reason = new Error('not interested');
      await reader.cancel(reason);
      expect(cleanups()).toBe(1);
      expect(await rejectionOf(writer.write('more\n'))).toBe(reason);
      expect(await rejectionOf(writer.closed)).toBe(reason);
      await settle();
      expect(cleanups()).toBe(1);
    });

    it('tears the run down once when the writable side is aborted', async () => {
      const { filter, cleanups } = probed(lines(), async);
      const stream = toTransformStream(filter);
      const writer = stream.writable.getWriter();
      const reader = stream.readable.getReader();
      void writer.write('a\npartial').catch(() => undefined);
      expect(await reader.read()).toEqual({ value: 'a', done: false });
      const reason = new Error('producer gave up');
      await writer.abort(reason);
      expect(cleanups()).toBe(1);
      expect(await rejectionOf(reader.read())).toBe(reason);
      await settle();
      expect(cleanups()).toBe(1);
    });

    it('errors both sides with a FilterError when a filter throws, and cleans up once', async () => {
      const boom = new Error('bad line');
      const { filter, cleanups } = probed(
        pipe(
          lines(),
          map((line: string) => {
            if (line === 'bad') throw boom;
            return line;
          }),
        ),
        async,
      );
      const stream = toTransformStream(filter);
      const writer = stream.writable.getWriter();
      const reader = stream.readable.getReader();
      void writer.write('ok\n').catch(() => undefined);
      void writer.write('bad\nnever\n').catch(() => undefined);
      expect(await reader.read()).toEqual({ value: 'ok', done: false });
      const readError = await rejectionOf(reader.read());
      expect(readError).toBeInstanceOf(FilterError);
      expect((readError as FilterError).filter).toBe('map');
      expect((readError as FilterError).cause).toBe(boom);
      expect(await rejectionOf(writer.closed)).toBe(readError);
      expect(cleanups()).toBe(1);
    });

    it('closes the readable side when take() has finished, and the pipe cancels its source', async () => {
      const { filter, cleanups } = probed(pipe(lines(), take(2)), async);
      const { stream: source, cancelled } = sourceOf(['a\nb', '\nc\n', ...Array<string>(50).fill('more\n')]);
      const out = await readAll(source.pipeThrough(toTransformStream(filter)));
      expect(out).toEqual(['a', 'b']);
      expect(cleanups()).toBe(1);
      await settle();
      expect(cancelled).toHaveLength(1);
      expect(cleanups()).toBe(1);
    });

    it('cancels the source and cleans up once when the destination cancels a pipe', async () => {
      const { filter, cleanups } = probed(lines(), async);
      const { stream: source, cancelled } = sourceOf(['a\n', 'b\n', 'c\n', 'd\n']);
      const reader = source.pipeThrough(toTransformStream(filter)).getReader();
      expect(await reader.read()).toEqual({ value: 'a', done: false });
      await reader.cancel('enough');
      await settle();
      expect(cancelled).toEqual(['enough']);
      expect(cleanups()).toBe(1);
    });

    it('passes a source error to the readable side and cleans up once', async () => {
      const { filter, cleanups } = probed(lines(), async);
      const failure = new Error('connection reset');
      let firstRead!: () => void;
      const afterFirstRead = new Promise<void>((resolve) => {
        firstRead = resolve;
      });
      let pulls = 0;
      const source = new ReadableStream<string>(
        {
          async pull(controller) {
            if (pulls++ === 0) return controller.enqueue('a\nb');
            await afterFirstRead;
            controller.error(failure);
          },
        },
        { highWaterMark: 0 },
      );
      const reader = source.pipeThrough(toTransformStream(filter)).getReader();
      expect(await reader.read()).toEqual({ value: 'a', done: false });
      firstRead();
      expect(await rejectionOf(reader.read())).toBe(failure);
      await settle();
      expect(cleanups()).toBe(1);
    });

    it('take(0): the readable side closes and the writable side errors before anything is written', async () => {
      const { filter, cleanups } = probed(take<string>(0), async);
      const stream = toTransformStream(filter);
      const writer = stream.writable.getWriter();
      expect(await rejectionOf(writer.closed)).toBeInstanceOf(TypeError);
      expect(await stream.readable.getReader().read()).toEqual({ value: undefined, done: true });
      expect(cleanups()).toBe(1);
    });

    it("a filter's error reaches the readable side's reader without a read", async () => {
      const boom = new Error('bad chunk');
      const stream = toTransformStream(
        probed(
          map((_: string): string => {
            throw boom;
          }),
          async,
        ).filter,
        // Room for one output, so the chunk is taken with no read pending.
        { readableStrategy: { highWaterMark: 1 } },
      );
      const reader = stream.readable.getReader();
      void stream.writable
        .getWriter()
        .write('x')
        .catch(() => undefined);
      const error = await rejectionOf(reader.closed);
      expect(error).toBeInstanceOf(FilterError);
      expect((error as FilterError).cause).toBe(boom);
    });

    it('keeps one run per stream: the same filter value serves concurrent streams', async () => {
      const filter = async
        ? pipe(
            mapAsync(async (s: string) => s),
            lines(),
          )
        : lines();
      const [a, b] = await Promise.all([
        readAll(sourceOf(['x1\nx', '2\n']).stream.pipeThrough(toTransformStream(filter))),
        readAll(sourceOf(['y1\ny', '2']).stream.pipeThrough(toTransformStream(filter))),
      ]);
      expect(a).toEqual(['x1', 'x2']);
      expect(b).toEqual(['y1', 'y2']);
    });
  });

  describe('backpressure', () => {
    /**
     * A producer that honours `writer.ready` and a consumer that pauses after every read. At each pause
     * the pipeline is at rest, so the queues are exactly: writable = written - taken, readable = taken - read.
     */
    async function measureQueues(asyncConcurrency: number | undefined, writableHwm: number, readableHwm: number) {
      let taken = 0;
      const counted = tap((_: number) => {
        taken++;
      });
      const filter: Filter<number, number> =
        asyncConcurrency === undefined
          ? pipe(
              counted,
              map((n: number) => n * 2),
            )
          : pipe(
              counted,
              mapAsync(async (n: number) => n * 2, { concurrency: asyncConcurrency }),
            );
      const stream = toTransformStream(filter, {
        writableStrategy: { highWaterMark: writableHwm },
        readableStrategy: { highWaterMark: readableHwm },
      });
      const total = 60;
      let written = 0;
      const writer = stream.writable.getWriter();
      const producing = (async () => {
        for (let i = 0; i < total; i++) {
          await writer.ready;
          expect(writer.desiredSize).toBeGreaterThan(0);
          void writer.write(i);
          written++;
        }
        await writer.close();
      })();
      const reader = stream.readable.getReader();
      const seen: number[] = [];
      let maxWritable = 0;
      let maxReadable = 0;
      for (;;) {
        await settle();
        maxWritable = Math.max(maxWritable, written - taken);
        maxReadable = Math.max(maxReadable, taken - seen.length);
        const result = await reader.read();
        if (result.done) break;
        seen.push(result.value);
      }
      await producing;
      expect(seen).toEqual(Array.from({ length: total }, (_, i) => i * 2));
      return { maxWritable, maxReadable };
    }

    it.each([
      [1, 0],
      [4, 2],
      [2, 8],
    ])('a slow sink keeps the queues within the high-water marks (writable %i, readable %i)', async (w, r) => {
      const { maxWritable, maxReadable } = await measureQueues(undefined, w, r);
      // Both queues fill up to their marks (so the sink was slow enough to matter) and never beyond.
      expect(maxWritable).toBe(w);
      expect(maxReadable).toBe(r);
    });

    it.each([
      [1, 1, 2],
      [3, 4, 3],
    ])(
      'with mapAsync (writable %i, readable %i, concurrency %i) it adds at most the calls in flight',
      async (w, r, concurrency) => {
        const { maxWritable, maxReadable } = await measureQueues(concurrency, w, r);
        expect(maxWritable).toBe(w);
        // mapAsync reads ahead to keep `concurrency` calls busy; their results join the readable queue.
        expect(maxReadable).toBeGreaterThanOrEqual(r);
        expect(maxReadable).toBeLessThanOrEqual(r + concurrency);
      },
    );
  });
});

describe('toTransformStream() input checks', () => {
  it('names itself when given something that is not a filter', () => {
    expect(() => toTransformStream(map as never)).toThrow(TypeError);
    expect(() => toTransformStream(map as never)).toThrow(
      /^toTransformStream\(\): filter is not a Siphon filter, got function \(a function: did you pass a filter factory/,
    );
    expect(() => toTransformStream({ name: 'fake' } as never)).toThrow(/toTransformStream\(\): filter is not/);
  });

  it('rejects options that are not an object', () => {
    expect(() => toTransformStream(lines(), null as never)).toThrow(
      new TypeError('toTransformStream(): options must be an object, got null'),
    );
  });

  it('checks options as the core does: undefined is none, anything but an object is a TypeError', () => {
    expect(() => toTransformStream(lines(), undefined)).not.toThrow();
    expect(() => toTransformStream(lines(), { unknown: 1 } as never)).not.toThrow();
    for (const [bad, got] of [
      [5, 'number'],
      [[], 'Array'],
    ] as const) {
      expect(() => toTransformStream(lines(), bad as never)).toThrow(
        new TypeError(`toTransformStream(): options must be an object, got ${got}`),
      );
    }
  });

  it('checks each strategy before the run opens, naming the function and the option', () => {
    const { filter, cleanups } = cleanupProbe<string>();
    expect(() => toTransformStream(filter, { readableStrategy: { highWaterMark: -1 } })).toThrow(
      new RangeError('toTransformStream(): options.readableStrategy.highWaterMark must be a number ≥ 0, got -1'),
    );
    expect(cleanups()).toBe(0); // refused before the run opened: nothing to release
    expect(() => toTransformStream(lines(), { writableStrategy: 4 as never })).toThrow(
      new TypeError('toTransformStream(): options.writableStrategy must be an object, got number'),
    );
    expect(() => toTransformStream(lines(), { writableStrategy: { highWaterMark: '4' as never } })).toThrow(
      new TypeError('toTransformStream(): options.writableStrategy.highWaterMark must be a number, got string'),
    );
    expect(() => toTransformStream(lines(), { readableStrategy: { highWaterMark: NaN } })).toThrow(RangeError);
    expect(() => toTransformStream(lines(), { readableStrategy: { size: 1 as never } })).toThrow(
      new TypeError('toTransformStream(): options.readableStrategy.size must be a function, got number'),
    );
    const counted = new CountQueuingStrategy({ highWaterMark: 2 });
    expect(() =>
      toTransformStream(lines(), { readableStrategy: counted, writableStrategy: { highWaterMark: 0 } }),
    ).not.toThrow();
  });

  it("reports a filter's failing init as a FilterError at construction", () => {
    const broken = defineFilter<string, string>('broken', () => {
      throw new Error('no state for you');
    });
    expect(() => toTransformStream(broken)).toThrow(FilterError);
  });
});
