import type { Feed } from './feed.js';
import type { RunTransformer } from './run-transformer.js';

/** The batches of a pipeline run over a {@link Feed}: what `pullBatches(feed, filter)` returns. */
export type BatchRun<Out> = AsyncIterableIterator<readonly Out[]> & AsyncDisposable;

/**
 * Runs a pipeline with asynchronous stages (`mapAsync`) as a transformer. `transform` offers each chunk
 * to a {@link Feed} and settles once the pipeline has taken it, so input waits in the writable side's
 * queue; a pump moves each output batch into the readable side as the pipeline produces it, in order.
 * The core run owns teardown: it runs every cleanup once, whichever of end, error, early finish
 * (`take`) or `cancel` comes first.
 */
export class AsyncTransformer<In, Out> implements RunTransformer<In, Out> {
  private pumping: Promise<void> | undefined;
  private cancelled = false;
  private flushing = false;

  constructor(
    private readonly feed: Feed<In>,
    private readonly run: BatchRun<Out>,
  ) {}

  start(controller: TransformStreamDefaultController<Out>): void {
    this.pumping = this.pump(controller);
  }

  transform(chunk: In): Promise<void> {
    return this.feed.offer(chunk);
  }

  flush(): Promise<void> | undefined {
    this.flushing = true;
    this.feed.close();
    return this.pumping;
  }

  async cancel(): Promise<void> {
    this.cancelled = true;
    this.feed.close();
    await this.run.return?.();
  }

  private async pump(controller: TransformStreamDefaultController<Out>): Promise<void> {
    const run = this.run;
    try {
      for (;;) {
        const result = await run.next();
        if (result.done === true || this.cancelled) break;
        for (const output of result.value) controller.enqueue(output);
      }
    } catch (error) {
      // A FilterError: the run has already cleaned up. Error both sides and settle a pending offer.
      this.feed.close();
      if (!this.cancelled) controller.error(error);
      return;
    }
    // The run ended without the input ending: a stage such as `take` finished early.
    if (!this.flushing && !this.cancelled) {
      this.feed.close();
      controller.terminate();
    }
  }
}
