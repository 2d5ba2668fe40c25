/**
 * The iterator {@link pull} returns for an `Iterable` source: synchronous, no promises anywhere, and
 * always closable. `return()` (or `Symbol.dispose`) ends the run at once: the source's `return()` and
 * every filter's cleanup run exactly once.
 *
 * @example
 * ```ts
 * const it: PullIterator<string> = pull(['a\nb\n'], lines());
 * it.next();   // { value: 'a', done: false }
 * it.return(); // { value: undefined, done: true }: the run is closed
 * ```
 */
export interface PullIterator<T> extends IterableIterator<T, undefined>, Disposable {
  next(): IteratorResult<T, undefined>;
  return(): IteratorResult<T, undefined>;
  [Symbol.iterator](): PullIterator<T>;
}

/**
 * The iterator {@link pull} and {@link pullBatches} return for an `AsyncIterable` source, and
 * {@link fromPush} for a push source: always closable, with `return()` or `Symbol.asyncDispose`. Calls to
 * `next()` made without waiting are answered in call order.
 *
 * @example
 * ```ts
 * const it: AsyncPullIterator<string> = pull(socket, pipe(decodeText(), lines()));
 * const first = await it.next();
 * await it.return(); // closes the socket's iterator and runs every cleanup, once
 *
 * // The leak-free form of a digest-style consumer on a hub: outputs wait until asked for.
 * class Foo {
 *   private readonly lines = pull(fromEvent<string>(hub, 'data'), map((s: string) => s + '\n'));
 *   allData(): string {
 *     return this.lines.drain().join('');
 *   }
 * }
 * ```
 */
export interface AsyncPullIterator<T> extends AsyncIterableIterator<T, undefined>, AsyncDisposable {
  next(): Promise<IteratorResult<T, undefined>>;
  return(): Promise<IteratorResult<T, undefined>>;
  /**
   * The outputs ready now, as an array, never a promise: it neither reads the source nor waits. Over a
   * push source, that is everything the pipeline made from the values that have arrived; over other
   * sources, what the last read left. Empty when nothing is ready, or while a `next()` is waiting.
   * Over a push source that has failed (an overflow, a filter's or the source's error), once the outputs
   * before the failure have been taken, `drain()` throws the error, once, as `next()` would.
   */
  drain(): readonly T[];
  [Symbol.asyncIterator](): AsyncPullIterator<T>;
}
