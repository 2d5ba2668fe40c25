import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { AddCRLF, AddLF, attach, Filter, Foo, LineSplitter, Multicast } from './index.js';

function collector(): { readonly out: string[]; readonly callback: (data: string) => void } {
  const out: string[] = [];
  return { out, callback: (data) => out.push(data) };
}

describe('the naive filters', () => {
  it('AddLF and AddCRLF call back with the terminated chunk', () => {
    const lf = collector();
    const crlf = collector();
    new AddLF(lf.callback).update('asdf');
    new AddCRLF(crlf.callback).update('asdf');
    expect(lf.out).toEqual(['asdf\n']);
    expect(crlf.out).toEqual(['asdf\r\n']);
  });

  it('LineSplitter calls back once per line, however the chunks cut them, and flush() emits the rest', () => {
    const { out, callback } = collector();
    const splitter = new LineSplitter(callback);
    splitter.update('one\r');
    splitter.update('\ntw');
    splitter.update('o\n\nthr');
    expect(out).toEqual(['one', 'two', '']);
    splitter.flush();
    splitter.flush();
    expect(out).toEqual(['one', 'two', '', 'thr']);
  });

  it('a filter without a callback is a TypeError naming the class', () => {
    expect(() => new AddLF(undefined as unknown as (data: string) => void)).toThrow(
      new TypeError('AddLF: callback must be a function, got undefined'),
    );
    expect(() => new Filter('x' as unknown as (data: string) => void)).toThrow(TypeError);
  });
});

describe('Foo, the incident’s consumer', () => {
  it('collects its filtered data, in DOS mode or not', () => {
    const unix = new Foo();
    const dos = new Foo({ dosMode: true });
    for (const foo of [unix, dos]) {
      foo.update('asdf');
      foo.update('jkl;');
    }
    expect(unix.allData()).toBe('asdf\njkl;\n');
    expect(dos.allData()).toBe('asdf\r\njkl;\r\n');
    expect(unix.filter).toBeInstanceOf(AddLF);
    expect(dos.filter).toBeInstanceOf(AddCRLF);
  });

  it('rejects options that are not an object', () => {
    expect(() => new Foo(null as unknown as object)).toThrow(new TypeError('Foo: options must be an object, got null'));
  });
});

describe('attach', () => {
  it('feeds an EventEmitter’s chunks to the consumer until detached', () => {
    const hub = new EventEmitter();
    const foo = new Foo();
    const detach = attach(foo, hub);
    hub.emit('data', 'a');
    expect(hub.listenerCount('data')).toBe(1);
    detach();
    hub.emit('data', 'b');
    expect(foo.allData()).toBe('a\n');
    expect(hub.listenerCount('data')).toBe(0);
  });

  it('feeds an EventTarget’s MessageEvent data, on the event named', () => {
    const hub = new EventTarget();
    const foo = new Foo({ dosMode: true });
    const detach = attach(foo, hub, 'message');
    hub.dispatchEvent(new MessageEvent('message', { data: 'a' }));
    detach();
    hub.dispatchEvent(new MessageEvent('message', { data: 'b' }));
    expect(foo.allData()).toBe('a\r\n');
  });

  it('rejects a hub that is neither', () => {
    expect(() => attach(new Foo(), {} as EventEmitter)).toThrow(TypeError);
  });

  it('leaves the consumer reachable from the hub as long as it is attached (the leak the tests rely on)', async () => {
    const hub = new EventEmitter();
    const ref = attachAndDrop(hub);
    for (let round = 0; round < 5; round++) {
      await new Promise((resolve) => setImmediate(resolve));
      globalThis.gc?.();
    }
    expect(ref.deref()).toBeInstanceOf(Foo);
    hub.removeAllListeners();
  });
});

function attachAndDrop(hub: EventEmitter): WeakRef<Foo> {
  const foo = new Foo();
  attach(foo, hub);
  hub.emit('data', 'kept');
  return new WeakRef(foo);
}

describe('Multicast', () => {
  it('lets one shared filter call every subscribed callback until it unsubscribes', () => {
    const lines = new Multicast();
    const shared = new LineSplitter(lines.callback);
    const a = collector();
    const b = collector();
    const unsubscribeA = lines.subscribe(a.callback);
    lines.subscribe(b.callback);
    shared.update('x\n');
    unsubscribeA();
    shared.update('y\n');
    expect(a.out).toEqual(['x']);
    expect(b.out).toEqual(['x', 'y']);
    expect(lines.size).toBe(1);
    expect(() => lines.subscribe(1 as unknown as () => void)).toThrow(TypeError);
  });
});
