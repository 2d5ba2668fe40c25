import type { Filter } from '@siphon/core';
import { openRun, type Run, type RunSink } from '@siphon/core/adapter';
import type { RunTransformer } from './run-transformer.js';

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

  constructor(filter: Filter<In, Out>, caller: string) {
    this.run = openRun(filter, this, caller);
  }

  start(controller: TransformStreamDefaultController<Out>): void {
    this.controller = controller;
    if (this.run.done) void this.run.end(); // `take(0)`: nothing will be taken
  }

  transform(chunk: In): Promise<void> | undefined {
    return this.run.write(chunk);
  }

  flush(): Promise<void> | undefined {
    this.flushing = true;
    return this.run.end();
  }

  cancel(): Promise<void> | undefined {
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
    this.controller!.error(error);
  }
}
