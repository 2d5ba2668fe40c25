import { EventEmitter } from 'node:events';
import { measureRetention, type Track } from '@siphon/leakcheck';
import { describe, expect, it } from 'vitest';
import { pull } from '../consume/pull.js';
import { map } from '../filters/map.js';
import { settle } from '../test-support.js';
import { fromEvent } from './from-event.js';

// Leak scenario: a hub dropped while `for await` loops over it are waiting. Nothing will ever wake those
// loops, and nothing outside them refers to them: the hub, the loops and their consumers are garbage
// together. What must not hold them is the push bridge's own bookkeeping: a finalizer registry keeps
// what it holds for a target alive, so it must hold nothing that reaches a waiting loop.

const N = 200;
const addLF = map((s: string) => `${s}\n`);

// Made in helpers, never in a test's own frame, which would keep the last one.
function waitingLoops(track: Track): void {
  const hub = new EventEmitter();
  hub.setMaxListeners(0);
  for (let i = 0; i < N; i++) loop(track(pull(fromEvent<string>(hub, 'data'), addLF), `consumer ${i}`));
  hub.emit('data', 'one'); // every loop has taken a value and waits for the next
}

function loop(consumer: AsyncIterable<string>): void {
  void (async () => {
    for await (const line of consumer) void line;
  })();
}

/** The positive control: the same loops, each registered with a registry whose held value reaches it. */
const leakyRegistry = new FinalizationRegistry<object>(() => {});
function waitingLoopsInALeakyRegistry(track: Track): void {
  const hub = new EventEmitter();
  hub.setMaxListeners(0);
  for (let i = 0; i < N; i++) {
    const consumer = track(pull(fromEvent<string>(hub, 'data'), addLF), `consumer ${i}`);
    leakyRegistry.register(consumer, { consumer });
    loop(consumer);
  }
  hub.emit('data', 'one');
}

describe('leak: a hub dropped while for await loops over it wait', () => {
  it('a registry holding what reaches a waiting loop keeps it (positive control); Siphon keeps none', async () => {
    const leaky = await measureRetention(async (track) => {
      waitingLoopsInALeakyRegistry(track);
      await settle();
    });
    expect(leaky.tracked).toBe(N);
    expect(leaky.retained).toBe(N); // proof that the check sees this kind of leak

    const siphon = await measureRetention(async (track) => {
      waitingLoops(track);
      await settle();
    });
    expect(siphon.tracked).toBe(N);
    expect(siphon.retained).toBe(0);
  });
});
