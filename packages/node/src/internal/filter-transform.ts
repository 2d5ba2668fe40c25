import { Transform, type TransformCallback } from 'node:stream';
import { isSyncFilter, start, type Filter, type Stepper } from '@siphon/core';
import { AsyncPump, type PumpTarget } from './async-pump.js';
import { describeValue } from './describe.js';

export interface FilterTransformSettings {
  readonly bytes: boolean;
  readonly highWaterMark: number | undefined;
  readonly signal: AbortSignal | undefined;
}

/**
 * A Node `Transform` running one run of a Siphon filter. The run starts in `_construct`, so a stage whose
 * setup throws destroys the stream (and reaches `pipeline()`'s callback) instead of throwing from the
 * factory. All-sync filters run on a `Stepper`: a write's outputs are pushed before its callback, so the
 * Transform's own backpressure applies. Filters with async stages run on an {@link AsyncPump}.
 *
 * State lives in `#private` fields: a `Readable` already has `filter`, `map`, `take`… methods, and a
 * plain field of the same name would shadow them. The stream holds the run; the run never holds the
 * stream's consumer.
 */
export class FilterTransform extends Transform {
  #filter: Filter<unknown, unknown> | undefined;
  readonly #bytes: boolean;
  #stepper: Stepper<unknown, unknown> | undefined;
  #pump: AsyncPump | undefined;
  /** The readable side was ended by the run itself (a stage such as `take` finished). */
  #endedEarly = false;

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
      if (isSyncFilter(filter)) {
        const stepper = start(filter);
        this.#stepper = stepper;
        if (stepper.done) this.#endEarly(stepper); // `take(0)`: nothing will ever be read
      } else {
        this.#pump = new AsyncPump(this.#pumpTarget(), filter);
      }
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback();
  }

  override _transform(chunk: unknown, _encoding: BufferEncoding, callback: TransformCallback): void {
    const stepper = this.#stepper;
    if (stepper === undefined) {
      this.#pump!.write(chunk, callback);
      return;
    }
    if (this.#endedEarly) {
      // A stage such as `take` has finished: later input is accepted and dropped, so that upstream can
      // finish normally.
      callback();
      return;
    }
    try {
      this.#pushOutputs(stepper.push(chunk));
      if (stepper.done) this.#endEarly(stepper);
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    const stepper = this.#stepper;
    if (stepper === undefined) {
      this.#pump!.flush(callback);
      return;
    }
    if (this.#endedEarly) {
      callback();
      return;
    }
    try {
      this.#pushOutputs(stepper.end());
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback();
  }

  override _read(size: number): void {
    this.#pump?.read();
    super._read(size);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const pump = this.#pump;
    if (pump !== undefined) {
      pump.close().then(
        () => callback(error),
        (closeError: unknown) => callback(error ?? (closeError as Error)),
      );
      return;
    }
    try {
      // A no-op when the run already ended (flushed, failed or finished early): cleanup runs once.
      this.#stepper?.[Symbol.dispose]();
    } catch (cleanupError) {
      callback(error ?? (cleanupError as Error));
      return;
    }
    callback(error);
  }

  /** Pushes a run's outputs; false when the readable buffer is full. */
  #pushOutputs(outputs: readonly unknown[]): boolean {
    let room = true;
    const bytes = this.#bytes;
    for (let i = 0; i < outputs.length; i++) {
      const output = outputs[i];
      if (bytes ? !(output instanceof Uint8Array) : output === null) throw badOutput(bytes, output);
      room = this.push(output);
    }
    return room;
  }

  /** Ends the readable side before the input ends. */
  #endReadable(): void {
    this.#endedEarly = true;
    this.push(null);
  }

  // Built in its own method so that the closures capture only `this`.
  #pumpTarget(): PumpTarget {
    return {
      pushOutputs: (outputs) => this.#pushOutputs(outputs),
      endReadable: () => this.#endReadable(),
      fail: (error) => this.destroy(error as Error),
    };
  }

  #endEarly(stepper: Stepper<unknown, unknown>): void {
    // Stages after the finished one may still hold outputs (a partial `batch`, say).
    this.#pushOutputs(stepper.end());
    this.#endReadable();
  }
}

function badOutput(bytes: boolean, output: unknown): TypeError {
  return bytes
    ? new TypeError(`toNodeTransform(): in byte mode every output must be a Uint8Array, got ${describeValue(output)}`)
    : new TypeError('toNodeTransform(): a Node stream cannot carry null, and the filter produced null');
}
