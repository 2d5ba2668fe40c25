import type { RunTransformer } from './run-transformer.js';

/**
 * A TransformStream made of a ReadableStream and a WritableStream, for runtimes whose TransformStream
 * never calls the transformer's `cancel` (every browser so far: the hook is newer than their streams).
 * It follows the standard's algorithm for transform streams (backpressure, `flush`, `terminate`, errors
 * on both sides) and calls `cancel` exactly where the standard does: on the readable side's cancel and the
 * writable side's abort, never after `flush` has begun.
 */
export function transformPair<In, Out>(
  transformer: RunTransformer<In, Out>,
  writableStrategy: QueuingStrategy<In> | undefined,
  readableStrategy: QueuingStrategy<Out> | undefined,
): ReadableWritablePair<Out, In> {
  return new Pair(transformer, writableStrategy, readableStrategy);
}

class Pair<In, Out> implements ReadableWritablePair<Out, In> {
  readonly readable: ReadableStream<Out>;
  readonly writable: WritableStream<In>;

  private readableController!: ReadableStreamDefaultController<Out>;
  private writableController!: WritableStreamDefaultController;
  /** True while the readable side is full: writes wait, as `transform` must not run. */
  private backpressure = true;
  private demand: { promise: Promise<void>; resolve: () => void } = deferred();
  /** Set once `flush`, `cancel` or an error has ended the run: no other ending may follow. */
  private finished = false;
  private readableOpen = true;
  /** Why the readable side errored, for a `close()` that finds it so after `flush`. */
  private storedError: unknown;

  constructor(
    private readonly transformer: RunTransformer<In, Out>,
    writableStrategy: QueuingStrategy<In> | undefined,
    readableStrategy: QueuingStrategy<Out> | undefined,
  ) {
    const controller: TransformStreamDefaultController<Out> = {
      get desiredSize() {
        return pair.readableOpen ? pair.readableController.desiredSize : null;
      },
      enqueue: (chunk?: Out) => this.enqueue(chunk as Out),
      error: (reason?: unknown) => this.error(reason),
      terminate: () => this.terminate(),
    };
    const pair = this;
    let started!: (value: unknown) => void;
    const start = new Promise((resolve) => {
      started = resolve;
    });
    this.readable = new ReadableStream<Out>(
      {
        start: (readableController) => {
          this.readableController = readableController;
        },
        pull: () => {
          this.setBackpressure(false);
          return this.demand.promise;
        },
        cancel: (reason) => this.cancel(reason, 'readable'),
      },
      readableSideStrategy(readableStrategy),
    );
    this.writable = new WritableStream<In>(
      {
        start: (writableController) => {
          this.writableController = writableController;
          return start;
        },
        write: (chunk) => this.write(chunk, controller),
        close: () => this.close(controller),
        abort: (reason) => this.cancel(reason, 'writable'),
      },
      writableStrategy,
    );
    started(transformer.start?.(controller));
  }

  private async write(chunk: In, controller: TransformStreamDefaultController<Out>): Promise<void> {
    while (this.backpressure && !this.finished) await this.demand.promise;
    if (this.finished) return; // the writable side has been errored already
    try {
      await this.transformer.transform(chunk, controller);
    } catch (error) {
      this.error(error);
      throw error;
    }
  }

  private async close(controller: TransformStreamDefaultController<Out>): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    try {
      await this.transformer.flush(controller);
    } catch (error) {
      this.error(error);
      throw error;
    }
    if (!this.readableOpen) throw this.storedError;
    this.readableOpen = false;
    this.readableController.close();
  }

  private async cancel(reason: unknown, side: 'readable' | 'writable'): Promise<void> {
    if (side === 'readable') this.readableOpen = false;
    if (this.finished) return;
    this.finished = true;
    this.readableOpen = false;
    // As the standard does: the other side errors with the same reason at once.
    if (side === 'readable') this.writableController.error(reason);
    else this.readableController.error(reason);
    this.releaseWaitingWrite();
    await this.transformer.cancel(reason);
  }

  private enqueue(chunk: Out): void {
    if (!this.readableOpen)
      throw new TypeError('TransformStream: the readable side is closed or errored; cannot enqueue');
    this.readableController.enqueue(chunk);
    const desired = this.readableController.desiredSize;
    if (desired !== null && desired <= 0) this.setBackpressure(true);
  }

  private error(reason: unknown): void {
    if (this.readableOpen) {
      this.readableOpen = false;
      this.storedError = reason;
      this.readableController.error(reason);
    }
    this.writableController.error(reason);
    this.finished = true;
    this.releaseWaitingWrite();
  }

  private terminate(): void {
    if (this.readableOpen) {
      this.readableOpen = false;
      this.readableController.close();
    }
    this.writableController.error(new TypeError('TransformStream terminated'));
    this.finished = true;
    this.releaseWaitingWrite();
  }

  /** Like the standard's backpressure-change promise: every change settles the current `demand`. */
  private setBackpressure(backpressure: boolean): void {
    if (this.backpressure === backpressure) return;
    this.backpressure = backpressure;
    this.releaseWaitingWrite();
  }

  private releaseWaitingWrite(): void {
    const demand = this.demand;
    this.demand = deferred();
    demand.resolve();
  }
}

/**
 * A transform stream's readable side holds nothing ahead of a read unless told to (its default
 * highWaterMark is 0), where a plain ReadableStream's default is 1. Not spread: a `CountQueuingStrategy`
 * keeps its fields on its prototype.
 */
function readableSideStrategy<Out>(strategy: QueuingStrategy<Out> | undefined): QueuingStrategy<Out> {
  if (strategy?.highWaterMark !== undefined) return strategy;
  const size = strategy?.size;
  return size === undefined ? { highWaterMark: 0 } : { highWaterMark: 0, size };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
