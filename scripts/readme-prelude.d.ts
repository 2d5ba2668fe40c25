/**
 * The free names the README examples use without defining them, declared once so the examples stay short
 * (`scripts/check-readmes.ts`). Each stands for what the prose around its example says it is.
 */
import type { EventEmitter as NodeEventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import type { Readable as NodeReadable, Writable } from 'node:stream';
import type { Observable } from 'rxjs';
import type { expect as vitestExpect } from 'vitest';

declare global {
  // Node and test-runner names an example may use without importing them.
  const EventEmitter: typeof NodeEventEmitter;
  type EventEmitter = NodeEventEmitter;
  type Readable = NodeReadable;
  const expect: typeof vitestExpect;

  // Sources and sinks.
  const socket: Socket;
  const hub: NodeEventEmitter;
  const source: NodeReadable;
  const endless: NodeReadable;
  const logTail: NodeReadable;
  const destination: Writable;
  const fileWritable: WritableStream<Uint8Array>;
  const urls: readonly string[];
  const socketData$: Observable<Uint8Array>;
  const feedA$: Observable<string>;
  const feedB$: Observable<string>;
  const ids$: Observable<string>;
  const messages$: Observable<string>;
  const prices$: Observable<number>;

  // What the application does with the results.
  function handle(line: string): void;
  function handleLine(line: string): void;
  function onA(value: unknown): void;
  function onB(value: unknown): void;
  function show(user: unknown): void;
  function render(value: unknown): Promise<void>;
  function save(value: unknown): Promise<void>;
  function fetchTitle(url: string): Promise<string>;
  function fetchUser(id: string): Promise<unknown>;

  // The naive design (packages/naive) and the consumers of the leak-test examples.
  class AddLF {
    constructor(callback: (line: string) => void);
    update(chunk: string): void;
  }
  class Consumer {
    add(line: string): void;
  }
  function makeNaiveConsumer(hub: NodeEventEmitter): object;
  function makeConsumersAndDropThem(hub: NodeEventEmitter, count: number): void;

  // A WebSocket server (the `ws` package's shape) and a metrics client, for the per-connection example.
  interface ServerSocket {
    on(event: 'close', listener: () => void): void;
    send(data: string): void;
  }
  const server: { on(event: 'connection', listener: (socket: ServerSocket) => void): void };
  const metrics: { gauge(name: string, value: number): void };
  function makeSiphonConsumer(hub: NodeEventEmitter): object;
  function leakyConsumer(hub: NodeEventEmitter): object;
  function pullingConsumer(hub: NodeEventEmitter): object;
}
