import type { BatchedSource } from '@siphon/core';
import { fromBatches } from './internal/core.js';
import type { RedisStreamClient } from './client.js';
import type { RedisStreamEntry } from './entry.js';
import type { FromRedisStreamOptions } from './from-redis-stream-options.js';
import { invalid, isObject } from './internal/checks.js';
import { CALLER, checkOptions } from './internal/options.js';
import { streamReads } from './internal/stream-batches.js';

/**
 * Reads a Redis stream as a member of a consumer group, for `pull`, `pullBatches` and `collect`: one
 * `XREADGROUP … COUNT … BLOCK` per step, each read handed to the pipeline as one batch.
 *
 * An entry is acknowledged (`XACK`, batched: one command per report of the host) only after every output
 * derived from it has been consumed: the consumer asked for the next output or batch after the last one
 * derived from it, or the run ended normally after it. An entry the pipeline drops is acknowledged once
 * the outputs before it are consumed; one that a stage holds (a partial `batch`, a partial line) waits
 * until what the stage holds has come out and been consumed. `return()`, `break`, an error or a crash
 * leave every other entry in the group's pending list, for another consumer to claim after
 * `claimIdleMs`. Each iteration is a run of its own, with its own blocking connection (see the README).
 *
 * The client is the caller's, connected; it must stay open while the iteration runs. Every iteration
 * opens its own blocking connection with `client.duplicate()` and destroys it when it ends.
 *
 * @example
 * ```ts
 * const entries = fromRedisStream(client, { stream: 'orders', group: 'billing', consumer: 'billing-1' });
 * for await (const order of pull(entries, map((entry) => JSON.parse(entry.message.body!)))) {
 *   await bill(order); // this entry is acknowledged when the loop asks for the next one
 * }
 * ```
 */
export function fromRedisStream(
  client: RedisStreamClient,
  options: FromRedisStreamOptions,
): BatchedSource<RedisStreamEntry> {
  const given: unknown = client;
  if (!isObject(given) || typeof given['sendCommand'] !== 'function' || typeof given['duplicate'] !== 'function') {
    throw invalid(CALLER, 'client', 'a node-redis client', client);
  }
  return fromBatches(streamReads(client, checkOptions(options)));
}
