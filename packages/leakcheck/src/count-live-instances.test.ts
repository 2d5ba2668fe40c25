import { describe, expect, it } from 'vitest';
import { countLiveInstances } from './count-live-instances.js';
import { expectInstanceCount } from './expect-instance-count.js';
import { attachedConsumer, Consumer, detachedConsumer, failureOf, newHub } from './test-consumers.js';

/** Made in a helper, not in the test's frame: a suspended async function keeps its locals. */
function makeDetached(n: number): void {
  for (let i = 0; i < n; i++) detachedConsumer();
}

function makeAttached(hub: ReturnType<typeof newHub>, n: number): void {
  for (let i = 0; i < n; i++) attachedConsumer(hub);
}

describe('countLiveInstances and expectInstanceCount (v8.queryObjects)', () => {
  it('dropped instances are not counted (negative control)', async () => {
    const before = await countLiveInstances(Consumer);
    makeDetached(100);
    expect(await countLiveInstances(Consumer)).toBe(before);
    await expect(expectInstanceCount(Consumer, before)).resolves.toBeUndefined();
  });

  it('instances a hub keeps are counted, and the check fails with a LeakError (positive control)', async () => {
    const hub = newHub();
    const before = await countLiveInstances(Consumer);
    makeAttached(hub, 100);
    expect(await countLiveInstances(Consumer)).toBe(before + 100);
    const error = await failureOf(expectInstanceCount(Consumer, before, { rounds: 3 }));
    expect(error.tracked).toBe(before + 100);
    expect(error.retainedLabels).toEqual([]);
    expect(error.message).toBe(
      `expectInstanceCount(): ${before + 100} objects with Consumer.prototype in their prototype chain survived ` +
        `3 rounds of forced GC, expected at most ${before} (100 more).`,
    );
    hub.removeAllListeners();
    await expectInstanceCount(Consumer, before);
  });

  it('rejects bad arguments, naming the function and the argument', async () => {
    await expect(countLiveInstances((() => 1) as never)).rejects.toThrow(
      new TypeError('countLiveInstances(): constructor must be a class or constructor function, got function'),
    );
    await expect(countLiveInstances({} as never)).rejects.toThrow(TypeError);
    await expect(countLiveInstances(Consumer, { rounds: 0 })).rejects.toThrow(RangeError);
    await expect(expectInstanceCount(Consumer, -1)).rejects.toThrow(
      new RangeError('expectInstanceCount(): expected must be a whole number ≥ 0, got -1'),
    );
    await expect(expectInstanceCount(Consumer, '0' as never)).rejects.toThrow(
      new TypeError('expectInstanceCount(): expected must be a number, got string'),
    );
  });
});
