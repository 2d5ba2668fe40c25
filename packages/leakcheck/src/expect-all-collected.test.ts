import { describe, expect, it } from 'vitest';
import { expectAllCollected } from './expect-all-collected.js';
import { attachedConsumer, detachedConsumer, failureOf, newHub } from './test-consumers.js';

const hub = newHub();

describe('expectAllCollected', () => {
  it('resolves when every tracked object is dropped (negative control)', async () => {
    await expect(
      expectAllCollected((track) => {
        for (let i = 0; i < 100; i++) track(detachedConsumer(), `consumer ${i}`);
      }),
    ).resolves.toBeUndefined();
  });

  it('names how many of how many survived, the first labels and one retainer path (positive control)', async () => {
    const error = await failureOf(
      expectAllCollected(
        (track) => {
          for (let i = 0; i < 20; i++) track(i < 8 ? attachedConsumer(hub) : detachedConsumer(), `consumer ${i}`);
        },
        { rounds: 4 },
      ),
    );
    expect(error.tracked).toBe(20);
    expect(error.retainedLabels).toEqual(Array.from({ length: 8 }, (_, i) => `consumer ${i}`));
    const [summary, pathHeading, path] = error.message.split('\n');
    expect(summary).toBe(
      'expectAllCollected(): 8 of 20 tracked objects survived 4 rounds of forced GC: ' +
        '"consumer 0", "consumer 1", "consumer 2", "consumer 3", "consumer 4", … (3 more).',
    );
    expect(pathHeading).toBe('Retainer path of "consumer 0" (from the object to a GC root):');
    expect(path?.trim()).toBe(error.retainerPath);
    expect(error.retainerPath).toMatch(
      /^Consumer ← bound onData ← AddLF\.callback ← filter \(variable of forwardChunk\(\)\) ← /,
    );
  });

  it('awaits an async setup', async () => {
    await expect(
      expectAllCollected(async (track) => {
        await new Promise((resolve) => setImmediate(resolve));
        track(detachedConsumer(), 'late');
      }),
    ).resolves.toBeUndefined();
    const error = await failureOf(
      expectAllCollected(
        async (track) => {
          await new Promise((resolve) => setImmediate(resolve));
          track(attachedConsumer(hub), 'late and held');
        },
        { rounds: 2, retainerPath: false },
      ),
    );
    expect(error.retainedLabels).toEqual(['late and held']);
  });

  it('rejects a setup that tracks nothing: such a check could never fail', async () => {
    await expect(expectAllCollected(() => {})).rejects.toThrow(
      new RangeError('expectAllCollected(): setup tracked no objects, so nothing was checked'),
    );
  });

  it('rejects bad arguments naming the function', async () => {
    await expect(expectAllCollected(42 as never)).rejects.toThrow(
      new TypeError('expectAllCollected(): setup must be a function, got number'),
    );
    await expect(expectAllCollected((track) => void track({}, 'x'), { rounds: 0 })).rejects.toThrow(RangeError);
  });
});
