import { createServer, type Server, type Socket } from 'node:net';
import { pipeline, type Transform } from 'node:stream';
import { decodeText, encodeText, lines, normalizeNewlines, pipe, type Filter } from '@siphon/core';
import { toNodeTransform } from '@siphon/node';

/**
 * Bytes in, bytes out: each complete line, with its terminator (`\n` or `\r\n`) rewritten as `\r\n`.
 * `keepEnds` matters: without it `lines()` strips the terminators and there is nothing left to normalize.
 * A lone `\r` is content, and an unterminated last line is answered as it is when the client ends.
 */
export function crlfLines(): Filter<Buffer, Uint8Array> {
  return pipe(decodeText(), lines({ keepEnds: true }), normalizeNewlines('\r\n'), encodeText());
}

/** Options for {@link createLineServer}. */
export interface LineServerOptions {
  /** Told about each connection's socket and transform (for metrics or tests); it should not keep them. */
  readonly onConnection?: (socket: Socket, transform: Transform) => void;
}

/**
 * A TCP server that answers every line it receives with the line normalized to CRLF:
 * `pipeline(socket, toNodeTransform(crlfLines()), socket)` per connection. The filter is one recipe
 * shared by every connection; each connection's transform is its own run, and nothing long-lived holds
 * it once the connection closes.
 *
 * @example
 * ```ts
 * const server = createLineServer().listen(0, '127.0.0.1');
 * ```
 */
export function createLineServer(options: LineServerOptions = {}): Server {
  const filter = crlfLines();
  const { onConnection } = options;
  // Half-open, so that a client that ends its side still gets the answer to its last line.
  return createServer({ allowHalfOpen: true }, (socket) => {
    const transform = toNodeTransform(filter, { mode: 'bytes' });
    onConnection?.(socket, transform);
    // A client that resets mid-line is its own business: pipeline() has already destroyed every stage.
    pipeline(socket, transform, socket, () => undefined);
  });
}

/** Starts `server` on 127.0.0.1 and a free port, and resolves with the port. */
export function listenOnFreePort(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('line-server: no TCP address'));
      else resolve(address.port);
    });
  });
}
