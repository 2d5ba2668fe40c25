/** Options for {@link fromRedisStream}. */
export interface FromRedisStreamOptions {
  /** The stream's key. */
  readonly stream: string;
  /** The consumer group. */
  readonly group: string;
  /** This consumer's name in the group; give each process its own (`billing-${process.pid}`). */
  readonly consumer: string;
  /**
   * Entries per read (`XREADGROUP … COUNT`), at most: fewer when `maxInFlight` leaves less room.
   * @default 100
   */
  readonly count?: number;
  /**
   * How long one read waits for new entries (`XREADGROUP … BLOCK`), in milliseconds; `0` waits for ever.
   * A read that times out is simply made again: the iteration goes on until it is closed or aborted.
   * @default 5000
   */
  readonly blockMs?: number;
  /**
   * Entries this consumer may hold unacknowledged at once (its part of the group's pending list): no read
   * asks for more than the room left, and a read waits for acknowledgements to make room. Keep it above
   * what the pipeline holds at once (a `batch(n)` holds up to n − 1 entries), or the pipeline waits for
   * room that only its own output would make.
   * @default 1000
   */
  readonly maxInFlight?: number;
  /**
   * Entries idle this long in any consumer's pending list (a consumer that crashed) are claimed
   * (`XAUTOCLAIM`) and delivered again here, before new entries. Checked at most once per `claimIdleMs`,
   * when a read is due. `Infinity` never claims.
   * @default 60000
   */
  readonly claimIdleMs?: number;
  /**
   * A claimed entry delivered more often than this is not handed out again: it is added to `deadLetter`
   * (`XADD`, with the same fields) and acknowledged. Requires `deadLetter`.
   * @default Infinity
   */
  readonly maxDeliveries?: number;
  /** The stream that entries past `maxDeliveries` are moved to. Requires `maxDeliveries`. */
  readonly deadLetter?: string;
  /**
   * Create the group when it does not exist (`XGROUP CREATE <stream> <group> 0 MKSTREAM`), reading the
   * stream from its first entry; an existing group is left as it is.
   * @default false
   */
  readonly createGroup?: boolean;
  /** Ends the iteration: no more reads; what was already handed out follows the usual rules. */
  readonly signal?: AbortSignal;
}
