import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { retainerPath } from './retainer-path.js';
import { attachedConsumer, Consumer, newHub } from './test-consumers.js';

const hub = newHub();
const registry = new Map<string, { entries: object[] }>();

function heldByHub(): WeakRef<Consumer> {
  attachedConsumer(hub); // a second listener turns the hub's entry for 'data' into an array
  return new WeakRef(attachedConsumer(hub));
}

function heldByMap(): WeakRef<object> {
  const record = { id: 'kept' };
  registry.set('records', { entries: [record] });
  return new WeakRef(record);
}

class Session {
  constructor(readonly emitter: EventEmitter) {}
}

function heldOnlyWeakly(): { readonly ref: WeakRef<object>; readonly map: WeakMap<object, string> } {
  const value = { id: 'weak' };
  const map = new WeakMap<object, string>([[value, 'value']]);
  return { ref: new WeakRef(value), map };
}

function pathOf(ref: WeakRef<object>): string | undefined {
  const value = ref.deref();
  if (value === undefined) throw new Error('the fixture was collected');
  return retainerPath(value);
}

describe('retainerPath', () => {
  it('names each link from hub to listener to bound method to consumer (positive control)', () => {
    const path = pathOf(heldByHub());
    expect(path).toBeDefined();
    const links = path!.split(' ← ');
    expect(links.slice(0, 6)).toEqual([
      'Consumer',
      'bound onData',
      'AddLF.callback',
      'filter (variable of forwardChunk())',
      expect.stringMatching(/^Array\[\d+\]$/),
      'Object.data',
    ]);
    expect(links[6]).toBe('EventEmitter._events');
    expect(links[links.length - 1]).toMatch(/^\(GC root: .+\)$/);
  });

  it('names properties and elements through a Map and plain objects', () => {
    const path = pathOf(heldByMap())!;
    const links = path.split(' ← ');
    expect(links.slice(0, 3)).toEqual(['Object', 'Array[0]', 'Object.entries']);
    expect(links).toContain('Map');
  });

  it('is undefined for an object only the caller holds (negative control)', () => {
    const session = new Session(new EventEmitter());
    expect(retainerPath(session)).toBeUndefined();
  });

  it('does not count weak references as retainers', () => {
    const { ref, map } = heldOnlyWeakly();
    expect(pathOf(ref)).toBeUndefined();
    expect(map).toBeInstanceOf(WeakMap);
  });

  it('rejects values that are not objects', () => {
    expect(() => retainerPath('text' as never)).toThrow(
      new TypeError('retainerPath(): value must be an object or a function, got string'),
    );
  });
});
