import type { Filter } from '@siphon/core';
import { defineAsyncStage, describeValue } from '@siphon/core/adapter';

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
  if (client === null || typeof client !== 'object' || typeof client.sendCommand !== 'function') {
    throw new TypeError(`${caller}: client must be a node-redis client, got ${describeValue(client)}`);
  }
  if (typeof stream !== 'string' || stream === '') {
    throw new TypeError(
      `${caller}: stream must be a non-empty string, got ${typeof stream === 'string' ? 'an empty string' : describeValue(stream)}`,
    );
  }
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${caller}: options must be an object, got ${describeValue(options)}`);
  }
  const maxLen = count(options.maxLen, 'options.maxLen', Infinity, true);
  const concurrency = count(options.concurrency, 'options.concurrency', 128, false);
  const head = maxLen === Infinity ? ['XADD', stream, '*'] : ['XADD', stream, 'MAXLEN', '~', String(maxLen), '*'];
  return defineAsyncStage(
    'toRedisStream',
    () => ({
      step: async (message: Readonly<Record<string, string | number>>) => {
        const args = head.slice();
        if (message === null || typeof message !== 'object') {
          throw new TypeError(`${caller}: each chunk must be an object of fields, got ${describeValue(message)}`);
        }
        for (const field of Object.keys(message)) {
          const value = message[field];
          if (typeof value !== 'string' && typeof value !== 'number') {
            throw new TypeError(
              `${caller}: field ${JSON.stringify(field)} must be a string or a number, got ${describeValue(value)}`,
            );
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

function count(value: unknown, what: string, fallback: number, allowInfinity: boolean): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') {
    throw new TypeError(`toRedisStream(): ${what} must be a number, got ${describeValue(value)}`);
  }
  if (!(Number.isInteger(value) || (allowInfinity && value === Infinity)) || value < 1) {
    const range = allowInfinity ? 'a whole number ≥ 1 or Infinity' : 'a whole number ≥ 1';
    throw new RangeError(`toRedisStream(): ${what} must be ${range}, got ${String(value)}`);
  }
  return value;
}
