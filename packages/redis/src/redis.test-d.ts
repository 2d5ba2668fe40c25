import { map, pipe, pull, type AsyncPullIterator, type BatchedSource, type Filter } from '@siphon/core';
import { createClient } from 'redis';
import { expectTypeOf, test } from 'vitest';
import { fromRedisStream, toRedisStream, type RedisStreamEntry } from './index.js';

test('a client from createClient() fits, with or without RESP3', () => {
  const client = createClient();
  const resp3 = createClient({ RESP: 3 });
  const options = { stream: 's', group: 'g', consumer: 'c' };
  expectTypeOf(fromRedisStream(client, options)).toEqualTypeOf<BatchedSource<RedisStreamEntry>>();
  expectTypeOf(fromRedisStream(resp3, options)).toEqualTypeOf<BatchedSource<RedisStreamEntry>>();
  const ids = pull(
    fromRedisStream(client, options),
    pipe(
      map((entry: RedisStreamEntry) => ({ body: entry.message['body'] ?? '' })),
      toRedisStream(client, 'out'),
    ),
  );
  expectTypeOf(ids).toEqualTypeOf<AsyncPullIterator<string>>();
  expectTypeOf(toRedisStream(client, 'out')).toEqualTypeOf<Filter<Readonly<Record<string, string | number>>, string>>();
});

test('options are checked by type too', () => {
  const client = createClient();
  // @ts-expect-error consumer is required
  fromRedisStream(client, { stream: 's', group: 'g' });
  // @ts-expect-error count is a number
  fromRedisStream(client, { stream: 's', group: 'g', consumer: 'c', count: '10' });
  const entries = fromRedisStream(client, { stream: 's', group: 'g', consumer: 'c' });
  // @ts-expect-error a chunk's values are strings or numbers
  const badChunk = pipe(
    map(() => ({ at: new Date() })),
    toRedisStream(client, 'out'),
  );
  void entries;
  void badChunk;
});
