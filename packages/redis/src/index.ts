export { fromRedisStream } from './from-redis-stream.js';
export type { FromRedisStreamOptions } from './from-redis-stream-options.js';
export { toRedisStream, type ToRedisStreamOptions } from './to-redis-stream.js';
export type { RedisStreamEntry } from './entry.js';
export type { RedisBlockingClient, RedisStreamClient } from './client.js';
