// Starts the fan-out server on 127.0.0.1, and either serves until Ctrl-C (`--serve`, with `--port <n>`), or
// runs a short self-check: 600 clients come and go (a third close, a third are terminated, a third never
// read), then it prints what the hub still holds and exits 0 only if that is nothing.
import { EventEmitter } from 'node:events';
import { getHeapStatistics } from 'node:v8';
import { consumerCount } from '@siphon/core';
import { collectGarbage } from '@siphon/leakcheck';
import { WebSocket } from 'ws';
import type { ChatMessage } from './room-feed.js';
import { startFanoutServer } from './server.js';

const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const port = portArg === -1 ? 0 : Number(args[portArg + 1]);

const hub = new EventEmitter(); // long-lived: it outlives every connection
let seq = 0;
const ticker = setInterval(
  () => {
    hub.emit('msg', { room: 'lobby', seq: ++seq, text: `tick ${seq}` } satisfies ChatMessage);
    hub.emit('msg', { room: 'elsewhere', seq, text: 'for another room' } satisfies ChatMessage);
  },
  args.includes('--serve') ? 1000 : 2,
);

const server = await startFanoutServer({ hub, port });
console.log(`fanout-server: listening on ws://127.0.0.1:${server.port}/?room=lobby`);

if (args.includes('--serve')) {
  const report = setInterval(() => {
    console.log(`connections ${server.wss.clients.size}, Siphon consumers of the hub ${consumerCount(hub, 'msg')}`);
  }, 5000);
  process.once('SIGINT', () => {
    clearInterval(report);
    clearInterval(ticker);
    void server.close().then(() => console.log('fanout-server: closed'));
  });
} else {
  const kinds = ['close', 'terminate', 'silent'] as const;
  const client = (kind: (typeof kinds)[number]): Promise<number> =>
    new Promise((resolve) => {
      let received = 0;
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/?room=lobby`);
      ws.on('error', () => undefined);
      ws.on('close', () => resolve(received));
      ws.on('open', () => {
        if (kind !== 'silent') return;
        ws.pause(); // never reads
        setTimeout(() => ws.terminate(), 50);
      });
      ws.on('message', () => {
        if (++received !== 1) return;
        if (kind === 'close') ws.close();
        if (kind === 'terminate') ws.terminate();
      });
    });
  const wave = (): Promise<number[]> => Promise.all(Array.from({ length: 50 }, (_, i) => client(kinds[i % 3]!)));
  await wave(); // warms up JIT code and ws's buffers, which are not growth
  while (server.wss.clients.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  await collectGarbage();
  const before = getHeapStatistics().used_heap_size;
  for (let n = 0; n < 12; n++) await wave();
  while (server.wss.clients.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  console.log(`600 clients served; the hub has sent ${seq} lobby messages`);
  clearInterval(ticker);
  await collectGarbage();
  const growth = getHeapStatistics().used_heap_size - before;
  const consumers = consumerCount(hub, 'msg');
  const listeners = hub.eventNames().reduce((sum, name) => sum + hub.listenerCount(name), 0);
  console.log(`Siphon consumers of the hub: ${consumers}`);
  console.log(`listeners on the hub:        ${listeners}`);
  console.log(`heap after a full GC:        ${growth >= 0 ? '+' : ''}${(growth / 1024).toFixed(0)} KiB over the start`);
  await server.close();
  process.exitCode = consumers === 0 && listeners === 0 ? 0 : 1;
}
