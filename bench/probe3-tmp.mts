import { EventEmitter } from 'node:events';
import { fromEvent, map, pull } from '@siphon/core';
const addLF = map((s: string) => s + '\n');
for (const n of [1000, 2000, 5000, 10000, 20000, 10000, 1000]) {
  const hub = new EventEmitter();
  const kept = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) kept.push(pull(fromEvent<string>(hub, 'msg'), addLF));
  const t1 = performance.now();
  console.log(n, ((t1 - t0) * 1e6 / n).toFixed(0), 'ns per attach');
}
