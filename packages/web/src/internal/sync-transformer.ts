import type { Stepper } from '@siphon/core';
import { disposeSymbol } from './dispose.js';
import type { RunTransformer } from './run-transformer.js';

/**
 * Runs an all-synchronous pipeline as a transformer: each chunk's outputs are enqueued before `transform`
 * returns, so the stream's own backpressure (no `transform` while the readable side is full) bounds them.
 * The run is released exactly once: by `flush` (end of input), by a filter error (the stepper cleans up
 * before it throws), by a stage such as `take` finishing, or by `cancel`.
 */
export class SyncTransformer<In, Out> implements RunTransformer<In, Out> {
  constructor(private stepper: Stepper<In, Out> | undefined) {}

  transform(chunk: In, controller: TransformStreamDefaultController<Out>): void {
    const stepper = this.stepper;
    if (stepper === undefined) return;
    let outputs: readonly Out[];
    try {
      outputs = stepper.push(chunk);
    } catch (error) {
      // The stepper has already run every cleanup; the stream errors both sides with this FilterError.
      this.stepper = undefined;
      throw error;
    }
    for (const output of outputs) controller.enqueue(output);
    if (stepper.done) {
      // A stage such as `take` wants no more input: flush the stages after it and close the readable side.
      // The writable side errors, which tells a pipe feeding it to cancel its source.
      this.flush(controller);
      controller.terminate();
    }
  }

  flush(controller: TransformStreamDefaultController<Out>): void {
    const stepper = this.stepper;
    if (stepper === undefined) return;
    this.stepper = undefined;
    for (const output of stepper.end()) controller.enqueue(output);
  }

  cancel(): void {
    const stepper = this.stepper;
    this.stepper = undefined;
    stepper?.[disposeSymbol]();
  }
}
