/**
 * What `@siphon/redis` needs of a node-redis client: any client made by `createClient()` of `redis` 6.x
 * (with or without modules, RESP2 or RESP3) fits. Commands go through `sendCommand`, so their replies
 * are read raw, whatever type mapping the client was created with.
 */
export interface RedisStreamClient {
  sendCommand(args: readonly string[]): Promise<unknown>;
  /** A new client with the same options, not yet connected: the source's own blocking connection. */
  duplicate(): RedisBlockingClient;
}

/** The source's own connection for blocking reads: connected, listened to and destroyed by the source. */
export interface RedisBlockingClient {
  sendCommand(args: readonly string[]): Promise<unknown>;
  connect(): Promise<unknown>;
  destroy(): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
}
