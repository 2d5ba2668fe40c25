import { afterEach, beforeEach, expect, it, vi } from 'vitest';

// A runtime that has no `gc` and refuses to make one (a locked-down flag set, a non-V8 engine).
vi.mock('node:vm', () => ({ runInNewContext: () => undefined }));

const exposed = (globalThis as { gc?: unknown }).gc;
beforeEach(() => {
  (globalThis as { gc?: unknown }).gc = undefined;
});
afterEach(() => {
  (globalThis as { gc?: unknown }).gc = exposed;
});

it('rejects with an Error that says how to run Node when gc cannot be forced', async () => {
  const { collectGarbage } = await import('./collect-garbage.js');
  const failure = collectGarbage();
  await expect(failure).rejects.toThrow(/collectGarbage\(\): cannot force garbage collection.*--expose-gc/s);
});

it('fails the same way in the checks, instead of reporting survivors', async () => {
  const { measureRetention } = await import('./measure-retention.js');
  await expect(measureRetention((track) => void track({}, 'x'))).rejects.toThrow(/measureRetention\(\).*--expose-gc/s);
});
