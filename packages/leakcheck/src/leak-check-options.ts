/** Options of every check in this package. */
export interface LeakCheckOptions {
  /**
   * How many times to wait for a later macrotask and run a full GC. Checks of tracked objects stop as soon
   * as all of them are gone, so only survivors cost every round.
   *
   * @default 10
   */
  readonly rounds?: number;
}

/** Options of `expectCollected` and `expectAllCollected`. */
export interface ExpectCollectedOptions extends LeakCheckOptions {
  /**
   * Whether a failure takes a heap snapshot to put the retainer path of one survivor in the error. Turn it
   * off for very large heaps, where a snapshot takes seconds.
   *
   * @default true
   */
  readonly retainerPath?: boolean;
}
