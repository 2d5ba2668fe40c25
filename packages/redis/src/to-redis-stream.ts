import type { Filter } from '@siphon/core';
import { defineAsyncStage } from '@siphon/core/adapter';
import { countOption, readOptions } from './internal/core.js';
import { invalid, isObject, nonEmptyString } from './internal/checks.js';

/** Options for {@link toRedisStream}. */
export interface ToRedisStreamOptions {
  /**
   * Trim the stream to about this many entries as it grows (`XADD … MAXLEN ~ n`: Redis trims whole
   * nodes, so the stream may keep a little more). `Infinity` never trims.
   * @default Infinity
   */
  readonly maxLen?: number;
  /**
   * How many `XADD`s may be in flight at once. The client sends the commands of one turn of the event
   * loop in one write, so a batch of outputs costs about one round trip.
   * @default 128
   */
  readonly concurrency?: number;
}

/**
 * A filter stage that appends each chunk to a Redis stream (`XADD <stream> [MAXLEN ~ n] * field value …`)
 * and outputs the new entry's ID, once Redis has it. Put it last in a pipeline pulled from
 * `fromRedisStream`, and an input entry is acknowledged only after what it produced is in the output
 * stream: an entry is never lost between the two, and is written again if the process dies first.
 *
 * A chunk is an object whose values are strings or numbers (numbers are written as their decimal text);
 * it needs at least one field. The client is the caller's, and must stay open while the run lasts.
 *
 * @example
 * ```ts
 * const forward = pipe(
 *   map((entry: RedisStreamEntry) => ({ body: entry.message.body!.toUpperCase() })),
 *   toRedisStream(client, 'orders:out', { maxLen: 100_000 }),
 * );
 * for await (const id of pull(fromRedisStream(client, options), forward)) console.log('wrote', id);
 * ```
 */
export function toRedisStream(
  client: { sendCommand(args: readonly string[]): Promise<unknown> },
  stream: string,
  options: ToRedisStreamOptions = {},
): Filter<Readonly<Record<string, string | number>>, string> {
  const caller = 'toRedisStream()';
  if (!isObject(client) || typeof client.sendCommand !== 'function') {
    throw invalid(caller, 'client', 'a node-redis client', client);
  }
  nonEmptyString(stream, caller, 'stream');
  const raw = readOptions(options, caller);
  const maxLen = countOption(raw, 'maxLen', caller, 1, true) ?? Infinity;
  const concurrency = countOption(raw, 'concurrency', caller, 1) ?? 128;
  const head = maxLen === Infinity ? ['XADD', stream, '*'] : ['XADD', stream, 'MAXLEN', '~', String(maxLen), '*'];
  return defineAsyncStage(
    'toRedisStream',
    () => ({
      step: async (message: Readonly<Record<string, string | number>>) => {
        const args = head.slice();
        if (message === null || typeof message !== 'object') {
          throw invalid(caller, 'each chunk', 'an object of fields', message);
        }
        for (const field of Object.keys(message)) {
          const value = message[field];
          if (typeof value !== 'string' && typeof value !== 'number') {
            throw invalid(caller, `field ${JSON.stringify(field)}`, 'a string or a number', value);
          }
          args.push(field, String(value));
        }
        if (args.length === head.length) throw new TypeError(`${caller}: a chunk needs at least one field, got {}`);
        return String(await client.sendCommand(args));
      },
    }),
    { concurrency },
  );
}
