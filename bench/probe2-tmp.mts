import { EventEmitter } from 'node:events';
import { fromEvent, map, pull } from '@siphon/core';
import { collectGarbage } from './harness/memory.js';
function make(): WeakRef<EventEmitter> {
  const hub = new EventEmitter();
  for (let i = 0; i < 1000; i++) void (async () => { for await (const s of pull(fromEvent<string>(hub, 'msg'), map((x: string) => x))) void s; })();
  return new WeakRef(hub);
}
function makeIdle(): WeakRef<EventEmitter> {
  const hub = new EventEmitter();
  const keep = [];
  for (let i = 0; i < 1000; i++) keep.push(pull(fromEvent<string>(hub, 'msg'), map((x: string) => x)));
  (globalThis as any).k = keep; (globalThis as any).k = undefined;
  return new WeakRef(hub);
}
const waiting = make();
const idle = makeIdle();
await collectGarbage();
console.log('hub with waiting loops collected:', waiting.deref() === undefined, '; hub with idle iterators collected:', idle.deref() === undefined);
