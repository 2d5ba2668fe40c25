import { pullBatches, type Filter } from '@siphon/core';
import { ChunkFeed } from './chunk-feed.js';

/** What the pump needs from the transform it runs in. */
export interface PumpTarget {
  /** Pushes outputs to the readable side; false when its buffer is full. Throws on an output it cannot carry. */
  pushOutputs(outputs: readonly unknown[]): boolean;
  /** The run has produced everything: end the readable side. */
  endReadable(): void;
  /** The run failed: destroy the stream with `error`. */
  fail(error: unknown): void;
}

/**
 * Runs a pipeline with async stages (`mapAsync`) inside a transform: `pullBatches` over a {@link ChunkFeed}
 * that `_transform` fills. Outputs keep their order; when the readable side is full, the pump stops
 * pulling until `_read` asks for more, so the pipeline stops taking chunks and the writes back up.
 */
export class AsyncPump {
  private readonly feed = new ChunkFeed();
  private readonly batches: AsyncIterableIterator<readonly unknown[]> & AsyncDisposable;
  /** Resolves a pump waiting for the readable side to drain. */
  private resume: (() => void) | undefined;
  /** `_flush`'s callback, waiting for the run's last outputs. */
  private flushed: (() => void) | undefined;
  private finished = false;
  private closed = false;

  constructor(target: PumpTarget, filter: Filter<unknown, unknown>) {
    this.batches = pullBatches(this.feed, filter);
    void this.run(target);
  }

  /** `_transform`: `callback` runs when the pipeline has taken `chunk`. */
  write(chunk: unknown, callback: () => void): void {
    this.feed.offer(chunk, callback);
  }

  /** `_read`: the readable side has room again. */
  read(): void {
    const resume = this.resume;
    this.resume = undefined;
    resume?.();
  }

  /** `_flush`: `callback` runs once the run has emitted its last outputs. */
  flush(callback: () => void): void {
    if (this.finished) {
      callback();
      return;
    }
    this.flushed = callback;
    this.feed.end();
  }

  /** `_destroy`: ends the run, running every stage's cleanup once. */
  async close(): Promise<void> {
    this.closed = true;
    this.read();
    await this.batches.return?.();
  }

  private async run(target: PumpTarget): Promise<void> {
    const batches = this.batches;
    try {
      for (;;) {
        const result = await batches.next();
        if (this.closed) return;
        if (result.done === true) break;
        if (!target.pushOutputs(result.value)) {
          await new Promise<void>((resolve) => {
            this.resume = resolve;
          });
          if (this.closed) return;
        }
      }
    } catch (error) {
      if (!this.closed) target.fail(error);
      return;
    }
    this.finished = true;
    const flushed = this.flushed;
    this.flushed = undefined;
    if (flushed === undefined) target.endReadable();
    else flushed();
  }
}
