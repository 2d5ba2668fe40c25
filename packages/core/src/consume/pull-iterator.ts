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
 * ```
 */
export interface AsyncPullIterator<T> extends AsyncIterableIterator<T, undefined>, AsyncDisposable {
  next(): Promise<IteratorResult<T, undefined>>;
  return(): Promise<IteratorResult<T, undefined>>;
  [Symbol.asyncIterator](): AsyncPullIterator<T>;
}
