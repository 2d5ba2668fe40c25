import { connect, type Server } from 'node:net';
import { measureRetention, type Track } from '@siphon/leakcheck';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLineServer, listenOnFreePort } from './server.js';

const CLIENTS = 100;

/** Random text with every kind of line ending, lone CRs, and characters that chunking may split. */
const clientScript = fc.record({
  text: fc
    .array(
      fc.oneof(fc.constantFrom('\n', '\r\n', '\r', 'é', '€', '😀'), fc.string({ unit: 'grapheme', maxLength: 12 })),
      {
        minLength: 1,
        maxLength: 60,
      },
    )
    .map((parts) => parts.join('')),
  cuts: fc.array(fc.nat(), { maxLength: 20 }),
});

function cut(bytes: Buffer, offsets: readonly number[]): Buffer[] {
  const points = [...new Set(offsets.map((offset) => offset % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const point of points) {
    if (point > from) pieces.push(bytes.subarray(from, point));
    from = Math.max(from, point);
  }
  if (from < bytes.length) pieces.push(bytes.subarray(from));
  return pieces;
}

/** One client: sends its pieces a macrotask apart, ends its side, and resolves with everything it got back. */
function runClient(port: number, pieces: readonly Buffer[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const received: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', async () => {
      for (const piece of pieces) {
        socket.write(piece);
        await new Promise((next) => setImmediate(next));
      }
      socket.end();
    });
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(received)));
    socket.on('error', reject);
  });
}

async function connectionsOf(server: Server): Promise<number> {
  // The server counts a connection down when its socket closes, which may be a tick after the client's end.
  for (let attempt = 0; attempt < 50; attempt++) {
    const count = await new Promise<number>((resolve, reject) =>
      server.getConnections((error, n) => (error ? reject(error) : resolve(n))),
    );
    if (count === 0) return 0;
    await new Promise((next) => setTimeout(next, 10));
  }
  return -1;
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

/** Starts a server, runs 100 concurrent clients against it, and checks every reply byte for byte. */
async function serveClients(track: Track, keep?: object[]): Promise<Server> {
  const server = createLineServer({
    onConnection: (socket, transform) => {
      track(socket, 'socket');
      track(transform, 'transform');
      keep?.push(transform);
    },
  });
  const port = await listenOnFreePort(server);
  const seed = Date.now();
  const scripts = fc.sample(clientScript, { numRuns: CLIENTS, seed });
  const replies = await Promise.all(
    scripts.map(({ text, cuts }) => runClient(port, cut(Buffer.from(text, 'utf8'), cuts))),
  );
  replies.forEach((reply, i) => {
    const expected = Buffer.from(scripts[i]!.text.replace(/\r?\n/g, '\r\n'), 'utf8');
    expect(reply.equals(expected), `client ${i} (seed ${seed}): ${JSON.stringify(reply.toString())}`).toBe(true);
  });
  expect(await connectionsOf(server)).toBe(0);
  return server;
}

describe('line-server', () => {
  it('answers 100 concurrent clients byte for byte, and keeps nothing of them after they leave', async () => {
    let server: Server | undefined;
    const report = await measureRetention(async (track) => {
      server = await serveClients(track);
    });
    expect(report).toEqual({ tracked: 2 * CLIENTS, retained: 0, retainedLabels: [] });
    await close(server!);
  });

  it('positive control: the same check sees transforms the server keeps', async () => {
    const kept: object[] = [];
    let server: Server | undefined;
    const report = await measureRetention(async (track) => {
      server = await serveClients(track, kept);
    });
    // A kept transform keeps its socket too, through the pipeline's wiring.
    expect(report.retained).toBe(2 * CLIENTS);
    await close(server!);
  });

  it('answers a line as soon as it is complete, before the client ends', async () => {
    const server = createLineServer();
    const port = await listenOnFreePort(server);
    const first = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('first\nsecond without end'));
      socket.once('data', (chunk: Buffer) => {
        resolve(chunk.toString());
        socket.destroy();
      });
      socket.on('error', reject);
    });
    expect(first).toBe('first\r\n');
    await connectionsOf(server);
    await close(server);
  });
});
