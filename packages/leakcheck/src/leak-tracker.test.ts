import { describe, expect, it } from 'vitest';
import { LeakTracker } from './leak-tracker.js';
import { attachedConsumer, detachedConsumer, newHub } from './test-consumers.js';

const hub = newHub();

function trackConsumers(tracker: LeakTracker, count: number, attached: boolean): void {
  for (let i = 0; i < count; i++) {
    tracker.track(attached ? attachedConsumer(hub) : detachedConsumer(), `${attached ? 'attached' : 'detached'} ${i}`);
  }
}

describe('LeakTracker', () => {
  it('lists dropped objects as collected and none as retained (negative control)', async () => {
    const tracker = new LeakTracker();
    trackConsumers(tracker, 3, false);
    expect(await tracker.retained()).toEqual([]);
    expect(await tracker.collected()).toEqual(['detached 0', 'detached 1', 'detached 2']);
  });

  it('lists objects a long-lived hub holds as retained (positive control)', async () => {
    const tracker = new LeakTracker();
    trackConsumers(tracker, 3, true);
    expect(await tracker.retained({ rounds: 3 })).toEqual(['attached 0', 'attached 1', 'attached 2']);
    expect(await tracker.collected({ rounds: 1 })).toEqual([]);
  });

  it('tells the two apart in one tracker, in tracking order', async () => {
    const tracker = new LeakTracker();
    trackConsumers(tracker, 2, true);
    trackConsumers(tracker, 2, false);
    expect(await tracker.retained({ rounds: 4 })).toEqual(['attached 0', 'attached 1']);
    expect(await tracker.collected({ rounds: 1 })).toEqual(['detached 0', 'detached 1']);
    expect(tracker.size).toBe(4);
  });

  it('track returns its value, works unbound, and holds it only weakly', async () => {
    const { track, ...rest } = new LeakTracker();
    expect(rest).toEqual({});
    const value = { id: 1 };
    expect(track(value, 'value')).toBe(value);
  });

  it('keeps tracking after a check', async () => {
    const tracker = new LeakTracker();
    trackConsumers(tracker, 1, false);
    expect(await tracker.retained()).toEqual([]);
    trackConsumers(tracker, 1, true);
    expect(await tracker.retained({ rounds: 2 })).toEqual(['attached 0']);
  });

  it('rejects values that cannot be held weakly and labels that are not strings', async () => {
    const tracker = new LeakTracker();
    expect(() => tracker.track(42 as never, 'n')).toThrow(
      new TypeError('LeakTracker.track(): value must be an object or a function, got number'),
    );
    expect(() => tracker.track({}, 7 as never)).toThrow(
      new TypeError('LeakTracker.track(): label must be a string, got number'),
    );
    await expect(tracker.retained({ rounds: 1.5 })).rejects.toThrow(RangeError);
    expect(tracker.size).toBe(0);
  });
});
