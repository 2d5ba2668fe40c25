/**
 * Where a fed run hands its results: the host's downstream (a Node readable side, an RxJS subscriber, a
 * web stream's controller, a stepper's array). The run calls `push` for each output in order, then
 * exactly one of `end` or `fail`, and nothing after that or after the host closed it.
 */
export interface RunSink<Out> {
  /**
   * One output. Return `false` when the downstream is full: a run with async stages then stops making
   * outputs until the host calls `resume()`. A synchronous run makes a chunk's outputs within `write`,
   * so its backpressure is the host's own (it waits before writing more).
   */
  push(output: Out): boolean | void;
  /** Every output has been pushed and the run is over: end the downstream. */
  end(): void;
  /** The run failed: every output made before the failure has been pushed, and its cleanups have run. */
  fail(error: unknown): void;
}

/**
 * One run of a pipeline that a push-style host feeds: the single place of the push side's rules. See
 * `openRun` in `@siphon/core/adapter`.
 */
export interface FedRun<In> {
  /**
   * Feeds one chunk. `undefined` when the run has taken it already (synchronous pipelines: its outputs
   * have been pushed); otherwise a promise that settles when the run has taken it, which is the host's
   * backpressure. Never rejects: failures go to the sink. Ignored once the run is {@link done}.
   */
  write(chunk: In): Promise<void> | undefined;
  /**
   * The input is over: the final outputs are pushed, then `end()` (or `fail`). A promise, for pipelines
   * with async stages, that settles once the sink has been told.
   */
  end(): Promise<void> | undefined;
  /** The input failed: after the chunks already written, the run closes and the sink gets `fail(error)`. */
  fail(error: unknown): void;
  /** The downstream has room again after `push` returned `false`. */
  resume(): void;
  /**
   * Stops the run now (the downstream was cancelled, destroyed or unsubscribed): every cleanup runs once,
   * and the sink is called no more. Rethrows (or rejects with) a cleanup's error.
   */
  close(): Promise<void> | undefined;
  /** True once the run takes no more input: it ended, failed, was closed, or a stage such as `take` finished. */
  readonly done: boolean;
}
