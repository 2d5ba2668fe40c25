import type { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { readServeOptions, servePipeline, type ServeOptions } from './connection.js';

/**
 * What the server runs for each connection (the tests swap in leaky ones as positive controls).
 *
 * @example
 * ```ts
 * const logged: ConnectionHandler = (socket, hub, room) => {
 *   console.log(`a client joined ${room}`);
 *   return servePipeline(socket, hub, room);
 * };
 * ```
 */
export type ConnectionHandler = (socket: WebSocket, hub: EventEmitter, room: string) => void | Promise<void>;

/** Options for {@link startFanoutServer}. */
export interface FanoutServerOptions extends ServeOptions {
  /** The long-lived hub whose `'msg'` events are broadcast to every connection of the message's room. */
  readonly hub: EventEmitter;
  /**
   * The TCP port; 0 picks a free one.
   * @default 0
   */
  readonly port?: number;
  /**
   * The interface to listen on.
   * @default '127.0.0.1'
   */
  readonly host?: string;
  /**
   * What runs per connection.
   * @default servePipeline, with this object's `queue` and `bufferedLimit`
   */
  readonly handler?: ConnectionHandler;
  /**
   * Told about a connection's handler failing (not about connections ending, which is normal).
   * @default console.error
   */
  readonly onError?: (error: unknown) => void;
}

/**
 * A running server.
 *
 * @example
 * ```ts
 * const server = await startFanoutServer({ hub });
 * console.log(`ws://127.0.0.1:${server.port}/?room=lobby, ${server.wss.clients.size} connected`);
 * await server.close();
 * ```
 */
export interface FanoutServer {
  readonly port: number;
  readonly wss: WebSocketServer;
  /** Stops accepting, terminates the open connections, and resolves once the server is closed. */
  close(): Promise<void>;
}

/**
 * The room a client asks for in its URL, `ws://host:port/?room=name`; `'lobby'` if it names none.
 *
 * @example
 * ```ts
 * wss.on('connection', (socket, request) => void servePipeline(socket, hub, roomOf(request)));
 * ```
 */
export function roomOf(request: IncomingMessage): string {
  return new URL(request.url ?? '/', 'ws://localhost').searchParams.get('room') ?? 'lobby';
}

/**
 * A `ws` WebSocket server where every connection gets the messages of its room that a long-lived hub
 * broadcasts, each connection through a pipeline of its own bound to its lifetime ({@link servePipeline}).
 *
 * @example
 * ```ts
 * const hub = new EventEmitter();
 * const server = await startFanoutServer({ hub });
 * hub.emit('msg', { room: 'lobby', seq: 1, text: 'hello' }); // sent to every client in the lobby
 * await server.close();
 * ```
 */
export async function startFanoutServer(options: FanoutServerOptions): Promise<FanoutServer> {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(
      `startFanoutServer(): options must be an object, got ${options === null ? 'null' : typeof options}`,
    );
  }
  const { hub, port = 0, host = '127.0.0.1', onError = console.error } = options;
  if (hub === null || typeof hub !== 'object' || typeof hub.on !== 'function') {
    throw new TypeError('startFanoutServer(): options.hub must be an EventEmitter');
  }
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(
      `startFanoutServer(): options.port must be a whole number from 0 to 65535, got ${String(port)}`,
    );
  }
  if (typeof host !== 'string')
    throw new TypeError(`startFanoutServer(): options.host must be a string, got ${typeof host}`);
  for (const [key, value] of [
    ['handler', options.handler],
    ['onError', onError],
  ] as const) {
    if (value !== undefined && typeof value !== 'function') {
      throw new TypeError(`startFanoutServer(): options.${key} must be a function, got ${typeof value}`);
    }
  }
  const serve = readServeOptions(options, 'startFanoutServer()');
  const handler: ConnectionHandler = options.handler ?? ((socket, h, room) => servePipeline(socket, h, room, serve));
  const wss = new WebSocketServer({ port, host });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  wss.on('connection', (socket, request) => {
    Promise.resolve()
      .then(() => handler(socket, hub, roomOf(request)))
      .catch(onError);
  });
  return {
    port: (wss.address() as AddressInfo).port,
    wss,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const client of wss.clients) client.terminate();
        wss.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
