import { describe, expect, it } from 'vitest';
import { measureRetention } from './measure-retention.js';
import { attachedConsumer, detachedConsumer, newHub } from './test-consumers.js';

const N = 1000;
const hub = newHub();
const longLived: unknown[] = [];

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Closures made in one function share one context: `onTick` keeps `state` alive though it never names it. */
function sharedContextListener(): object {
  const state = { buffered: new Array(100).fill('line') };
  const touch = (): number => state.buffered.length;
  touch();
  longLived.push(function onTick() {});
  return state;
}

/** The same listener made in a function of its own: it shares nothing with `state`. */
function separateContextListener(): object {
  const state = { buffered: new Array(100).fill('line') };
  const touch = (): number => state.buffered.length;
  touch();
  longLived.push(makeTickListener());
  return state;
}

function makeTickListener(): () => void {
  return function onTick() {};
}

describe('measureRetention', () => {
  it('counts N of N for objects a long-lived hub holds (positive control)', async () => {
    const report = await measureRetention((track) => {
      for (let i = 0; i < N; i++) track(attachedConsumer(hub), `attached ${i}`);
    });
    expect(report.tracked).toBe(N);
    expect(report.retained).toBe(N);
    expect(report.retainedLabels).toHaveLength(N);
    expect(report.retainedLabels[0]).toBe('attached 0');
    expect(report.retainedLabels[N - 1]).toBe(`attached ${N - 1}`);
  });

  it('counts 0 for objects dropped (negative control)', async () => {
    const report = await measureRetention((track) => {
      for (let i = 0; i < N; i++) track(detachedConsumer(), `detached ${i}`);
    });
    expect(report).toEqual({ tracked: N, retained: 0, retainedLabels: [] });
  });

  it('counts exactly the held part of a mixed set', async () => {
    const report = await measureRetention((track) => {
      for (let i = 0; i < 10; i++) track(i % 2 === 0 ? attachedConsumer(hub) : detachedConsumer(), `consumer ${i}`);
    });
    expect(report.retainedLabels).toEqual(['consumer 0', 'consumer 2', 'consumer 4', 'consumer 6', 'consumer 8']);
  });

  it('awaits an async setup, across turns of the event loop', async () => {
    const held = await measureRetention(async (track) => {
      for (let i = 0; i < 5; i++) {
        await nextTurn();
        track(attachedConsumer(hub), `held ${i}`);
      }
    });
    const dropped = await measureRetention(async (track) => {
      for (let i = 0; i < 5; i++) {
        await nextTurn();
        track(detachedConsumer(), `dropped ${i}`);
      }
    });
    expect([held.retained, dropped.retained]).toEqual([5, 0]);
  });

  it('sees an object kept by a pending promise, and not one whose pending promise is unreachable', async () => {
    const kept = await measureRetention((track) => {
      const value = track({ payload: 'kept' }, 'awaited by a held promise');
      const pending = new Promise<void>(() => {});
      longLived.push(pending);
      void pending.then(() => value);
    });
    const dropped = await measureRetention((track) => {
      const value = track({ payload: 'dropped' }, 'awaited by a lost promise');
      void new Promise<void>(() => {}).then(() => value);
    });
    expect(kept.retainedLabels).toEqual(['awaited by a held promise']);
    expect(dropped.retained).toBe(0);
  });

  it('sees an object kept by a closure context shared with a long-lived listener', async () => {
    const shared = await measureRetention((track) => void track(sharedContextListener(), 'shared context'));
    const separate = await measureRetention((track) => void track(separateContextListener(), 'separate context'));
    expect(shared.retained).toBe(1);
    expect(separate.retained).toBe(0);
  });

  it('reports setup errors instead of a count, and rejects bad arguments', async () => {
    await expect(
      measureRetention(() => {
        throw new Error('setup failed');
      }),
    ).rejects.toThrow('setup failed');
    await expect(measureRetention('nope' as never)).rejects.toThrow(
      new TypeError('measureRetention(): setup must be a function, got string'),
    );
    await expect(measureRetention(() => {}, { rounds: -1 })).rejects.toThrow(RangeError);
    await expect(measureRetention((track) => void track(1 as never, 'one'))).rejects.toThrow(
      'measureRetention() track(): value must be an object or a function, got number',
    );
  });

  it('reports 0 of 0 when nothing is tracked', async () => {
    expect(await measureRetention(() => {}, { rounds: 1 })).toEqual({ tracked: 0, retained: 0, retainedLabels: [] });
  });
});
