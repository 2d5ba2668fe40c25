import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectGarbage } from './collect-garbage.js';

function weakRefTo(value: object): WeakRef<object> {
  return new WeakRef(value);
}

function droppedRef(): WeakRef<object> {
  return weakRefTo({ payload: new Array(1000).fill('x') });
}

const held: object[] = [];
function heldRef(): WeakRef<object> {
  const value = { payload: 'kept' };
  held.push(value);
  return weakRefTo(value);
}

describe('collectGarbage', () => {
  it('collects an object nothing holds (negative control)', async () => {
    const ref = droppedRef();
    await collectGarbage();
    expect(ref.deref()).toBeUndefined();
  });

  it('keeps an object a long-lived holder references (positive control)', async () => {
    const ref = heldRef();
    await collectGarbage({ rounds: 3 });
    expect(ref.deref()).toBeDefined();
  });

  it('runs finalizers and settled promise reactions between rounds', async () => {
    const finalized: string[] = [];
    const registry = new FinalizationRegistry<string>((label) => finalized.push(label));
    (() => registry.register({}, 'gone'))();
    await collectGarbage();
    expect(finalized).toEqual(['gone']);
  });

  it('rejects bad options naming the function and the option', async () => {
    await expect(collectGarbage({ rounds: 0 })).rejects.toThrow(
      new RangeError('collectGarbage(): options.rounds must be a whole number ≥ 1, got 0'),
    );
    await expect(collectGarbage({ rounds: '3' as never })).rejects.toThrow(TypeError);
    await expect(collectGarbage(null as never)).rejects.toThrow(
      'collectGarbage(): options must be an object, got null',
    );
    // The rule every Siphon package follows: an array is no options object; unknown keys are ignored.
    await expect(collectGarbage([] as never)).rejects.toThrow(
      new TypeError('collectGarbage(): options must be an object, got Array'),
    );
    await expect(collectGarbage({ rounds: 1, unknown: true } as never)).resolves.toBeUndefined();
  });

  it('enables gc at run time when Node runs without --expose-gc', () => {
    const script = fileURLToPath(new URL('./test-without-expose-gc.ts', import.meta.url));
    const child = spawnSync(process.execPath, ['--conditions=@siphon/source', '--import', 'tsx', script], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({ gcExposed: false, dropped: 0, held: 50 });
  });
});
