import type { Filter } from '@siphon/core';
import { openRun, type Run, type RunSink } from '@siphon/core/adapter';
import type { RunTransformer } from './run-transformer.js';

/**
 * Waits `ms`. The timer is unref'd where timers can be (Node), so a stream nobody reads any more does not
 * keep the process alive.
 */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer: unknown = setTimeout(resolve, ms);
    (timer as { unref?: () => void }).unref?.();
  });
}

/** The longest wait between two looks at the queue of a failed run's readable side. */
const MAX_WAIT_MS = 50;

/**
 * One run of a filter as a transformer, on the core's fed run (`openRun`), which owns the rules: outputs
 * in order, the outputs made before a failure and then the error, cleanup exactly once, the early end of
 * a stage such as `take`. What is left here is the stream's side of it.
 *
 * `transform` returns the run's promise for the chunk (pipelines with async stages), so input waits in
 * the writable side's queue, where the strategies see it; all-synchronous pipelines enqueue a chunk's
 * outputs before `transform` returns, so the stream's own backpressure bounds them.
 */
export class FilterTransformer<In, Out> implements RunTransformer<In, Out>, RunSink<Out> {
  private readonly run: Run<In>;
  private controller: TransformStreamDefaultController<Out> | undefined;
  private flushing = false;
  /** The run failed while outputs made before the failure were still queued: settles once it errors the stream. */
  private failed: Promise<void> | undefined;
  private failureSettled: (() => void) | undefined;
  private cancelled = false;

  /** @param readableHighWaterMark the readable side's, in its strategy's units: its `desiredSize` when empty */
  constructor(
    filter: Filter<In, Out>,
    caller: string,
    private readonly readableHighWaterMark = 0,
  ) {
    this.run = openRun(filter, this, caller);
  }

  start(controller: TransformStreamDefaultController<Out>): void {
    this.controller = controller;
    if (this.run.done) void this.run.end(); // `take(0)`: nothing will be taken
  }

  // While a failure waits for its outputs to be read, writes and the flush wait too: the stream must
  // neither take more input nor close its readable side normally.
  transform(chunk: In): Promise<void> | undefined {
    return this.run.write(chunk) ?? this.failed;
  }

  flush(): Promise<void> | undefined {
    this.flushing = true;
    const ended = this.run.end();
    return ended === undefined ? this.failed : ended.then(() => this.failed);
  }

  cancel(): Promise<void> | undefined {
    this.cancelled = true;
    return this.run.close();
  }

  // The run's sink.

  push(output: Out): void {
    this.controller!.enqueue(output);
  }

  end(): void {
    // Before the input ended, a stage such as `take` finished: close the readable side; the writable side
    // errors, which tells a pipe feeding it to cancel its source.
    if (!this.flushing) this.controller!.terminate();
  }

  fail(error: unknown): void {
    const controller = this.controller!;
    if (this.queueEmpty()) {
      controller.error(error);
      return;
    }
    // The stream's writes wait on this promise, so its reactions hold the stream: only the transformer
    // holds its resolver, and the looking holds the transformer weakly.
    this.failed = new Promise((resolve) => (this.failureSettled = resolve));
    void errorOnceRead(new WeakRef(this), error);
  }

  /** True when the failed run has nothing left to wait for: its outputs have been read, or nobody will read them. */
  settleFailure(error: unknown): boolean {
    if (!this.cancelled) {
      if (!this.queueEmpty()) return false;
      this.controller!.error(error);
    }
    this.failureSettled?.();
    return true;
  }

  private queueEmpty(): boolean {
    const desired = this.controller!.desiredSize;
    return desired === null || desired >= this.readableHighWaterMark;
  }
}

/**
 * A readable side that errors drops what it has queued, so the outputs made before a failure would be
 * lost: the error waits until they have been read, or the stream is cancelled. The stream tells no one
 * when its queue empties, so this looks again after 1, 2, 4… ms (at most {@link MAX_WAIT_MS}); a
 * reader takes queued outputs in promise jobs, so the first look usually finds them gone. It holds the
 * transformer weakly, so it never keeps a dropped stream alive; once the transformer is gone it stops.
 */
async function errorOnceRead<In, Out>(transformer: WeakRef<FilterTransformer<In, Out>>, error: unknown): Promise<void> {
  for (let wait = 1; ; wait = Math.min(wait * 2, MAX_WAIT_MS)) {
    await sleep(wait);
    if (transformer.deref()?.settleFailure(error) ?? true) return;
  }
}
