import { describe, expect, it } from 'vitest';
import { expectCollected } from './expect-collected.js';
import { attachedConsumer, detachedConsumer, failureOf, newHub } from './test-consumers.js';

const hub = newHub();

describe('expectCollected', () => {
  it('resolves when the returned object is dropped (negative control)', async () => {
    await expect(expectCollected(() => detachedConsumer())).resolves.toBeUndefined();
  });

  it('rejects with a LeakError and a retainer path when a long-lived hub holds it (positive control)', async () => {
    const error = await failureOf(expectCollected(() => attachedConsumer(hub), { rounds: 3 }));
    expect(error.retainedLabels).toEqual(['Consumer']);
    expect(error.tracked).toBe(1);
    expect(error.message).toMatch(
      /^expectCollected\(\): the object the factory returned survived 3 rounds of forced GC: "Consumer"\./,
    );
    expect(error.retainerPath).toMatch(/^Consumer ← bound onData ← AddLF\.callback ← /);
    expect(error.message).toContain(error.retainerPath);
  });

  it('awaits an async factory', async () => {
    await expect(
      expectCollected(async () => {
        await new Promise((resolve) => setImmediate(resolve));
        return detachedConsumer();
      }),
    ).resolves.toBeUndefined();
    const error = await failureOf(
      expectCollected(
        async () => {
          await new Promise((resolve) => setImmediate(resolve));
          return attachedConsumer(hub);
        },
        { rounds: 2, retainerPath: false },
      ),
    );
    expect(error.retainedLabels).toEqual(['Consumer']);
  });

  it('skips the heap snapshot when retainerPath is off', async () => {
    const error = await failureOf(expectCollected(() => attachedConsumer(hub), { rounds: 1, retainerPath: false }));
    expect(error.retainerPath).toBeUndefined();
    expect(error.message).not.toContain('←');
  });

  it('rejects bad arguments naming the function', async () => {
    await expect(expectCollected(undefined as never)).rejects.toThrow(
      new TypeError('expectCollected(): factory must be a function, got undefined'),
    );
    await expect(expectCollected(() => 'text' as never)).rejects.toThrow(
      new TypeError('expectCollected(): the value factory returns must be an object or a function, got string'),
    );
    await expect(expectCollected(() => ({}), { retainerPath: 'yes' as never })).rejects.toThrow(TypeError);
  });
});
