import { Transform, type TransformCallback } from 'node:stream';
import type { Filter } from '@siphon/core';
import { describeValue, openRun, type Run, type RunSink } from '@siphon/core/adapter';

export interface FilterTransformSettings {
  readonly bytes: boolean;
  readonly highWaterMark: number | undefined;
  readonly signal: AbortSignal | undefined;
}

/**
 * A Node `Transform` running one run of a Siphon filter, on the core's fed run (`openRun`), which owns
 * the rules: outputs before a failure, then the error; cleanup once; the end of a stage such as `take`.
 * What is left here is Node's side of it.
 *
 * - The run starts in `_construct`, so a stage whose setup throws destroys the stream (and reaches
 *   `pipeline()`'s callback) instead of throwing from the factory.
 * - A write's callback runs when the run has taken the chunk: at once for all-synchronous pipelines,
 *   whose outputs are pushed before it (so the Transform's own backpressure applies), and when the async
 *   host takes it otherwise; the async host stops making outputs while the readable side is full, until
 *   `_read` asks for more.
 *
 * State lives in `#private` fields: a `Readable` already has `filter`, `map`, `take`… methods, and a
 * plain field of the same name would shadow them. The stream holds the run; the run never holds the
 * stream's consumer.
 */
export class FilterTransform extends Transform {
  #filter: Filter<unknown, unknown> | undefined;
  readonly #bytes: boolean;
  #run: Run<unknown> | undefined;
  /** `_flush` is under way: the run's end is the stream's normal end, not an early one. */
  #flushing = false;
  /** The run ended before the input did (a stage such as `take` finished). */
  #endedEarly = false;
  /** The run failed inside a write: that write's callback reports it. */
  #failure: { error: unknown } | undefined;

  constructor(filter: Filter<unknown, unknown>, settings: FilterTransformSettings) {
    super({
      objectMode: !settings.bytes,
      ...(settings.highWaterMark === undefined ? {} : { highWaterMark: settings.highWaterMark }),
      ...(settings.signal === undefined ? {} : { signal: settings.signal }),
    });
    this.#filter = filter;
    this.#bytes = settings.bytes;
  }

  override _construct(callback: (error?: Error | null) => void): void {
    const filter = this.#filter!;
    this.#filter = undefined;
    try {
      const run = openRun(filter, this.#sink(), 'toNodeTransform()');
      this.#run = run;
      if (run.done) void run.end(); // `take(0)`: nothing will ever be read
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback();
  }

  override _transform(chunk: unknown, _encoding: BufferEncoding, callback: TransformCallback): void {
    const taken = this.#run!.write(chunk);
    if (taken === undefined) this.#settle(callback);
    else taken.then(() => this.#settle(callback), callback);
  }

  override _flush(callback: TransformCallback): void {
    this.#flushing = true;
    const run = this.#run!;
    if (this.#endedEarly || run.done) {
      this.#settle(callback);
      return;
    }
    const ended = run.end();
    if (ended === undefined) this.#settle(callback);
    else ended.then(() => this.#settle(callback), callback);
  }

  override _read(size: number): void {
    this.#run?.resume();
    super._read(size);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    let closed: Promise<void> | undefined;
    try {
      // A no-op when the run already ended (flushed, failed or finished early): cleanup runs once.
      closed = this.#run?.close();
    } catch (cleanupError) {
      callback(error ?? (cleanupError as Error));
      return;
    }
    if (closed === undefined) callback(error);
    else
      closed.then(
        () => callback(error),
        (closeError: unknown) => callback(error ?? (closeError as Error)),
      );
  }

  /** A write or flush is done: report a failure the run had meanwhile, else carry on. */
  #settle(callback: TransformCallback): void {
    const failure = this.#failure;
    this.#failure = undefined;
    callback(failure?.error as Error | undefined);
  }

  // Built in its own method so that the closures capture only `this`.
  #sink(): RunSink<unknown> {
    return {
      push: (output) => this.#pushOutput(output),
      end: () => {
        if (this.#flushing) return; // the Transform ends itself once `_flush` calls back
        this.#endedEarly = true;
        this.push(null);
      },
      fail: (error) => {
        // A synchronous run fails inside a write or flush, whose callback then reports it. An async run
        // may fail between writes: then nothing takes it, and the stream is destroyed with it directly.
        this.#failure = { error };
        queueMicrotask(() => {
          const failure = this.#failure;
          if (failure === undefined || this.destroyed) return;
          this.#failure = undefined;
          this.destroy(failure.error as Error);
        });
      },
    };
  }

  #pushOutput(output: unknown): boolean {
    const bytes = this.#bytes;
    if (bytes ? !(output instanceof Uint8Array) : output === null) {
      this.destroy(badOutput(bytes, output));
      return false;
    }
    return this.push(output);
  }
}

function badOutput(bytes: boolean, output: unknown): TypeError {
  return bytes
    ? new TypeError(`toNodeTransform(): in byte mode every output must be a Uint8Array, got ${describeValue(output)}`)
    : new TypeError('toNodeTransform(): a Node stream cannot carry null, and the filter produced null');
}
