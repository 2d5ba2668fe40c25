import type { EventEmitter } from 'node:events';
import { fromEvent, pull } from '@siphon/core';
import { WebSocket } from 'ws';
import { roomFeed, type ChatMessage } from './room-feed.js';

/** Options for {@link servePipeline}. */
export interface ServeOptions {
  /**
   * How many outputs may wait in the connection's pipeline while the socket is busy; beyond it the oldest
   * is dropped (a live feed: a slow client skips ahead rather than holding the server's memory).
   * @default 256
   */
  readonly queue?: number;
  /**
   * Bytes the socket may hold unsent (`ws.bufferedAmount`) before the loop stops taking outputs and waits
   * for the socket to flush.
   * @default 65536
   */
  readonly bufferedLimit?: number;
}

/**
 * Runs one pipeline for one connection, bound to the connection's lifetime: `pull(fromEvent(hub, 'msg'),
 * roomFeed(room))` with an `AbortSignal` that the socket's `'close'` aborts. Closing, a reset, a
 * `terminate()` on either side: every way a connection ends fires `'close'`, which unsubscribes the
 * pipeline from the hub at once (and rejects its waiting `next()`), so the loop ends and nothing of the
 * connection stays on the hub.
 *
 * The other safe form is `return()`: `socket.once('close', () => void outputs.return())` ends the loop
 * the same way, normally instead of with the abort reason. Either is required: a `for await` whose
 * `next()` is waiting is held by the hub (it must be, or a running loop could be collected), so a loop
 * that nothing ends lives as long as the hub does — `consumerCount(hub, 'msg')` shows such loops piling up.
 *
 * Backpressure: outputs are sent while `socket.bufferedAmount` is under `bufferedLimit`; above it, the
 * loop awaits the send callback of the frame it sends (called once ws has written it to the kernel), so
 * it stops pulling and the pipeline's bounded buffer takes the slack, dropping the oldest output beyond
 * `queue`.
 *
 * @example
 * ```ts
 * wss.on('connection', (socket, request) => void servePipeline(socket, hub, roomOf(request)));
 * ```
 */
export async function servePipeline(
  socket: WebSocket,
  hub: EventEmitter,
  room: string,
  options: ServeOptions = {},
): Promise<void> {
  const { queue, bufferedLimit } = readServeOptions(options, 'servePipeline()');
  const closed = new AbortController();
  socket.once('close', () => closed.abort());
  // A protocol error or a reset is followed by 'close'; without a listener it would throw.
  socket.on('error', () => undefined);
  if (socket.readyState !== WebSocket.OPEN) return;
  const outputs = pull(
    fromEvent<ChatMessage>(hub, 'msg', { signal: closed.signal, highWaterMark: queue, overflow: 'drop-oldest' }),
    roomFeed(room),
  );
  try {
    for await (const text of outputs) {
      if (socket.bufferedAmount < bufferedLimit) socket.send(text);
      else await sentOrClosed(socket, text, closed.signal);
    }
  } catch (error) {
    if (closed.signal.aborted) return; // the connection ended: the normal way out of the loop
    socket.close(1011, 'internal error');
    throw error;
  }
}

/**
 * {@link ServeOptions} with their defaults, checked; `caller` names the function the user called.
 *
 * @example
 * ```ts
 * readServeOptions({ queue: 0 }, 'startFanoutServer()');
 * // RangeError: startFanoutServer(): options.queue must be a whole number ≥ 1, got 0
 * ```
 */
export function readServeOptions(options: ServeOptions, caller: string): Required<ServeOptions> {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${caller}: options must be an object, got ${options === null ? 'null' : typeof options}`);
  }
  const { queue = 256, bufferedLimit = 65_536 } = options;
  if (!Number.isInteger(queue) || queue < 1) {
    throw new RangeError(`${caller}: options.queue must be a whole number ≥ 1, got ${String(queue)}`);
  }
  if (typeof bufferedLimit !== 'number' || !(bufferedLimit >= 0)) {
    throw new RangeError(`${caller}: options.bufferedLimit must be a number ≥ 0, got ${String(bufferedLimit)}`);
  }
  return { queue, bufferedLimit };
}

/** Sends `text` and resolves once it is written out, or once the connection has closed. */
function sentOrClosed(socket: WebSocket, text: string, closed: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      closed.removeEventListener('abort', done);
      resolve();
    };
    closed.addEventListener('abort', done, { once: true });
    socket.send(text, done);
  });
}
