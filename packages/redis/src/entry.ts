/**
 * One Redis Streams entry as `fromRedisStream` hands it out.
 *
 * @example
 * ```ts
 * const entry: RedisStreamEntry = { id: '1700000000000-0', message: { body: '{}' }, deliveries: 1 };
 * ```
 */
export interface RedisStreamEntry {
  /** The entry's stream ID, `<ms>-<seq>`. */
  readonly id: string;
  /** The entry's fields and values. */
  readonly message: Record<string, string>;
  /** How many times the group has delivered it, this delivery included: 1 unless it was claimed back. */
  readonly deliveries: number;
}
