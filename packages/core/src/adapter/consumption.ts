/**
 * The key of the method by which a source's iterator asks to be told how far its inputs have been
 * consumed. An iterator that has a function under this key receives, from the async hosts (`pull`,
 * `pullBatches`, `collect`), `iterator[consumption](count)`: every output derived from the run's first
 * `count` inputs has been consumed. An input is one chunk, or one item of a batch for a batched source
 * (`fromBatches` passes the call on to the iterator it wraps).
 *
 * An output counts as consumed when the consumer asks for the next output (or the next batch) after it,
 * or when the run ends normally after it; `return()`, `break`, an abort or an error consume nothing more.
 * An input that produces no output counts once the outputs before it are consumed. While a stage holds
 * data from earlier inputs (a partial `batch`, a partial line in `lines`, calls in flight in `mapAsync`,
 * a `defineFilter` whose `holding()` says so), the inputs since the last moment nothing was held are not
 * counted, so `count` never covers an input whose outputs are still to come. It only grows, and is
 * called only when it grows: at most once per `next()` of the consumer, plus once per source read that
 * one `next()` needs. It may come after the iterator's `return()` (a `take` closes the source before its
 * last outputs are consumed). A host checks for the method once, when it opens the iterator; a source
 * without it costs the run nothing.
 *
 * The key is `Symbol.for('siphon.consumption')`, so two copies of `@siphon/core` agree on it.
 *
 * @example
 * ```ts
 * function acknowledged(items: string[], ack: (upTo: number) => void): AsyncIterable<string> {
 *   return {
 *     [Symbol.asyncIterator]() {
 *       let i = 0;
 *       return {
 *         next: async () => (i < items.length ? { value: items[i++]!, done: false } : { value: undefined, done: true }),
 *         [consumption]: (count: number) => ack(count),
 *       };
 *     },
 *   };
 * }
 * ```
 */
export const consumption: unique symbol = Symbol.for('siphon.consumption');

/** An iterator that asks to be told how far its inputs have been consumed (see {@link consumption}). */
export interface ConsumptionAware {
  /** Every output derived from the run's first `count` inputs has been consumed. */
  [consumption](count: number): void;
}
