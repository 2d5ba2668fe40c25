import { EventEmitter } from 'node:events';
import { getHeapStatistics } from 'node:v8';
import { consumerCount, fromEvent, pull } from '@siphon/core';
import { collectGarbage, measureRetention, type Track } from '@siphon/leakcheck';
import { Filter as NaiveFilter } from '@siphon/naive';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { servePipeline } from './connection.js';
import { roomFeed, type ChatMessage } from './room-feed.js';
import { startFanoutServer, type ConnectionHandler, type FanoutServer } from './server.js';

const CLIENTS = 2_000;
const CONCURRENCY = 50;
const CONTROL_CLIENTS = 200;
/** How many lobby messages a client that never reads stays connected for, paused. */
const SILENT_FOR = 40;

type Kind = 'close' | 'terminate' | 'silent';
const KINDS: readonly Kind[] = ['close', 'terminate', 'silent'];

/**
 * The hub's traffic while clients come and go: every millisecond, two lobby messages of 2 KiB and one for
 * another room (which every lobby pipeline filters out). Waiters are told when a count has been sent.
 */
class Broadcaster {
  sent = 0;
  private timer: NodeJS.Timeout | undefined;
  private waiters: { readonly at: number; readonly resolve: () => void }[] = [];
  private readonly text = 'x'.repeat(2048);

  constructor(private readonly hub: EventEmitter) {}

  start(): void {
    this.timer ??= setInterval(() => {
      for (let k = 0; k < 2; k++)
        this.hub.emit('msg', { room: 'lobby', seq: ++this.sent, text: this.text } satisfies ChatMessage);
      this.hub.emit('msg', { room: 'elsewhere', seq: 0, text: 'not for the lobby' } satisfies ChatMessage);
      const due = this.waiters.filter((w) => w.at <= this.sent);
      this.waiters = this.waiters.filter((w) => w.at > this.sent);
      for (const waiter of due) waiter.resolve();
    }, 1);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Resolves once `count` more lobby messages have been sent. */
  after(count: number): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ at: this.sent + count, resolve }));
  }
}

/** One client of `kind`; resolves with how many messages it received, once its socket has closed. */
function runClient(port: number, kind: Kind, broadcaster: Broadcaster): Promise<number> {
  return new Promise((resolve, reject) => {
    let received = 0;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/?room=lobby`);
    ws.on('error', (error) => {
      // A terminated socket may report its own reset; it still closes.
      if (kind === 'close') reject(error);
    });
    ws.on('close', () => resolve(received));
    ws.on('message', (data) => {
      received++;
      const message = JSON.parse(String(data)) as ChatMessage;
      if (message.room !== 'lobby') reject(new Error(`a lobby client got a message for ${message.room}`));
      if (received === 1 && kind === 'close') ws.close(1000, 'bye');
      if (received === 1 && kind === 'terminate') ws.terminate();
    });
    ws.on('open', () => {
      if (kind !== 'silent') return;
      ws.pause(); // never reads again: the server's socket and pipeline must take the backpressure
      void broadcaster.after(SILENT_FOR).then(() => ws.terminate());
    });
  });
}

/** Runs `count` clients, `CONCURRENCY` at a time, cycling through the kinds; resolves with what each received. */
async function runClients(port: number, count: number, broadcaster: Broadcaster): Promise<number[]> {
  const received: number[] = new Array(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      received[i] = await runClient(port, KINDS[i % KINDS.length]!, broadcaster);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return received;
}

/** The server drops a connection a tick or more after the client's socket closes. */
async function noConnections(server: FanoutServer): Promise<void> {
  for (let attempt = 0; attempt < 500 && server.wss.clients.size > 0; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(server.wss.clients.size).toBe(0);
}

/** The hub, its traffic and a server with `handler`; every server socket is tracked. */
async function serve(hub: EventEmitter, track: Track | undefined, handler?: ConnectionHandler) {
  const broadcaster = new Broadcaster(hub);
  const server = await startFanoutServer({
    hub,
    handler: (socket, h, room) => {
      track?.(socket, 'server socket');
      return (handler ?? servePipeline)(socket, h, room);
    },
  });
  return { broadcaster, server };
}

const usedHeap = (): number => getHeapStatistics().used_heap_size;

const warnings: Error[] = [];
const onWarning = (warning: Error): void => void warnings.push(warning);
beforeAll(() => void process.on('warning', onWarning));
afterAll(() => void process.off('warning', onWarning));

describe('fanout-server', () => {
  it(`serves ${CLIENTS.toLocaleString('en')} clients that close, are terminated or never read, and keeps nothing of them`, async () => {
    const hub = new EventEmitter();
    const { broadcaster, server } = await serve(hub, undefined);
    broadcaster.start();
    await runClients(server.port, 150, broadcaster); // warm-up: JIT code and ws's pools are not growth
    await noConnections(server);
    broadcaster.stop();
    await collectGarbage();
    const baseline = usedHeap();

    let received: number[] = [];
    const report = await measureRetention(async (track) => {
      const tracked = await serve(hub, track);
      tracked.broadcaster.start();
      received = await runClients(tracked.server.port, CLIENTS, tracked.broadcaster);
      await noConnections(tracked.server);
      tracked.broadcaster.stop();
      await tracked.server.close();
    });
    await collectGarbage();
    const growth = usedHeap() - baseline;

    expect(report.tracked).toBe(CLIENTS);
    expect(report.retained).toBe(0);
    // Every client that reads got its first message before it left.
    expect(received.filter((n, i) => KINDS[i % KINDS.length] !== 'silent' && n < 1)).toEqual([]);
    expect(growth).toBeLessThan(5 * 1024 * 1024);
    expect(consumerCount(hub, 'msg')).toBe(0);
    expect(hub.eventNames()).toEqual([]);
    expect(warnings).toEqual([]);
    await server.close();
  }, 120_000);

  it('a client that never reads holds at most the socket limit on the server; without the limit it piles up (control)', async () => {
    const frame = JSON.stringify({ room: 'lobby', seq: 1, text: 'y'.repeat(16 * 1024) } satisfies ChatMessage).length;
    const pump = async (bufferedLimit: number): Promise<number> => {
      const hub = new EventEmitter();
      let serverSocket: WebSocket | undefined;
      const server = await startFanoutServer({
        hub,
        handler: (socket, h, room) => {
          serverSocket = socket;
          return servePipeline(socket, h, room, { bufferedLimit, queue: 64 });
        },
      });
      const client = new WebSocket(`ws://127.0.0.1:${server.port}/?room=lobby`);
      await new Promise((resolve) => client.once('open', resolve));
      client.pause();
      while (serverSocket === undefined) await new Promise((resolve) => setImmediate(resolve));
      let most = 0;
      // 2,000 frames of 16 KiB, 32 MiB: far more than the kernel's socket buffers hold.
      for (let i = 0; i < 2_000; i++) {
        hub.emit('msg', { room: 'lobby', seq: 1, text: 'y'.repeat(16 * 1024) } satisfies ChatMessage);
        if (i % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
        most = Math.max(most, serverSocket.bufferedAmount);
      }
      client.terminate();
      await noConnections(server);
      await server.close();
      expect(hub.eventNames()).toEqual([]);
      return most;
    };
    const limit = 64 * 1024;
    // Under the limit it sends; at the limit it sends one frame more and waits for it to be written.
    expect(await pump(limit)).toBeLessThanOrEqual(limit + 2 * frame);
    expect(await pump(Number.POSITIVE_INFINITY)).toBeGreaterThan(20 * limit);
  }, 60_000);

  it('rejects bad options with errors that name the function and the option', async () => {
    const hub = new EventEmitter();
    await expect(startFanoutServer({ hub, port: -1 })).rejects.toThrow(/^startFanoutServer\(\): options\.port must be/);
    await expect(startFanoutServer({ hub, queue: 0 })).rejects.toThrow(
      'startFanoutServer(): options.queue must be a whole number ≥ 1, got 0',
    );
    await expect(startFanoutServer({ hub, bufferedLimit: Number.NaN })).rejects.toThrow(RangeError);
    await expect(startFanoutServer({ hub: {} as EventEmitter })).rejects.toThrow(TypeError);
    await expect(servePipeline({} as WebSocket, hub, 'lobby', { queue: 1.5 })).rejects.toThrow(
      'servePipeline(): options.queue must be a whole number ≥ 1, got 1.5',
    );
  });

  it('positive control: a naive per-connection filter that never detaches keeps every connection', async () => {
    const hub = new EventEmitter();
    hub.setMaxListeners(0);
    // The incident's design: the filter holds the connection's bound send; the hub holds the filter.
    const naive: ConnectionHandler = (socket, h, room) => {
      const connection = {
        send(text: string): void {
          if (socket.readyState === WebSocket.OPEN) socket.send(text);
        },
      };
      const feed = new NaiveFilter(connection.send.bind(connection));
      h.on('msg', (message: ChatMessage) => {
        if (message.room === room) feed.update(JSON.stringify(message));
      });
    };
    let server: FanoutServer | undefined;
    const report = await measureRetention(async (track) => {
      const tracked = await serve(hub, track, naive);
      server = tracked.server;
      tracked.broadcaster.start();
      await runClients(tracked.server.port, CONTROL_CLIENTS, tracked.broadcaster);
      await noConnections(tracked.server);
      tracked.broadcaster.stop();
    });
    expect(report.retained).toBe(CONTROL_CLIENTS);
    expect(hub.listenerCount('msg')).toBe(CONTROL_CLIENTS);
    await server!.close();
  }, 60_000);

  it('positive control: a Siphon loop not bound to its connection is kept, and only consumerCount shows it', async () => {
    const hub = new EventEmitter();
    const unbound: ConnectionHandler = async (socket, h, room) => {
      for await (const text of pull(fromEvent<ChatMessage>(h, 'msg'), roomFeed(room))) {
        if (socket.readyState === WebSocket.OPEN) socket.send(text);
      }
    };
    let server: FanoutServer | undefined;
    const report = await measureRetention(async (track) => {
      const tracked = await serve(hub, track, unbound);
      server = tracked.server;
      tracked.broadcaster.start();
      await runClients(tracked.server.port, CONTROL_CLIENTS, tracked.broadcaster);
      await noConnections(tracked.server);
      tracked.broadcaster.stop();
    });
    // Each loop waits in next(), so the hub holds it, with its socket: correct, and a leak all the same.
    expect(report.retained).toBe(CONTROL_CLIENTS);
    expect(hub.listenerCount('msg')).toBe(1); // one shared listener, however many consumers
    expect(consumerCount(hub, 'msg')).toBe(CONTROL_CLIENTS);
    await server!.close();
  }, 60_000);
});
