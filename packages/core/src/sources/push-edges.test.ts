import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { pull } from '../consume/pull.js';
import { pullBatches } from '../consume/pull-batches.js';
import { map } from '../filters/map.js';
import { lines } from '../text/lines.js';
import { manualSource, settle, watch } from '../test-support.js';
import { consumerCount } from './consumer-count.js';
import { fromEvent } from './from-event.js';
import { fromPush, type PushIterator } from './from-push.js';

// Issue 13's push-side items, on the core's bridges (fromObservable's are in @siphon/rxjs).

describe('issue 13 (4): a value handed to a waiting next() is not counted against highWaterMark', () => {
  it("highWaterMark 1, a pending next(), then two values: no overflow ('error')", async () => {
    const { state, subscribe, emit } = manualSource<number>();
    const it = fromPush(subscribe, { highWaterMark: 1 });
    const pending = it.next();
    emit(1, 2);
    expect(state.tornDown).toBe(0);
    expect(it.buffered).toBe(1);
    expect(await pending).toEqual({ value: 1, done: false });
    expect(await it.next()).toEqual({ value: 2, done: false });
    emit(3);
    expect(await it.next()).toEqual({ value: 3, done: false });
    await it.return();
  });

  it('a third value does overflow, after the two kept ones', async () => {
    const { state, subscribe, emit } = manualSource<number>();
    const it = fromPush(subscribe, { highWaterMark: 1 });
    const pending = it.next();
    emit(1, 2, 3);
    expect(state.tornDown).toBe(1);
    expect(await pending).toEqual({ value: 1, done: false });
    expect(await it.next()).toEqual({ value: 2, done: false });
    await expect(it.next()).rejects.toThrow(/^fromPush\(\): buffer overflow/);
  });

  it.each([
    ['drop-newest', [1, 2]],
    ['drop-oldest', [1, 4]],
  ] as const)(
    '%s drops exactly the excess: highWaterMark 1, a pending next(), four values → 2 dropped',
    async (overflow, expected) => {
      const { subscribe, emit } = manualSource<number>();
      const it = fromPush(subscribe, { highWaterMark: 1, overflow });
      const pending = it.next();
      emit(1, 2, 3, 4);
      expect(it.dropped).toBe(2);
      expect(it.buffered).toBe(1);
      expect([(await pending).value, (await it.next()).value]).toEqual(expected);
      expect(it.dropped).toBe(2);
    },
  );

  it('with a pipeline: outputs count, the first handed to the waiting read is not', async () => {
    const { subscribe, emit } = manualSource<string>();
    const it = pull(
      fromPush(subscribe, { highWaterMark: 2, overflow: 'drop-newest' }),
      lines(),
    ) as PushIterator<string>;
    const pending = it.next();
    emit('a\nb\nc\nd\n');
    expect(await pending).toEqual({ value: 'a', done: false });
    expect(it.dropped).toBe(1);
    expect(it.drain()).toEqual(['b', 'c']);
  });

  it('fromEvent: the same rule', async () => {
    const hub = new EventEmitter();
    const it = fromEvent<number>(hub, 'n', { highWaterMark: 1 });
    const pending = it.next();
    hub.emit('n', 1);
    hub.emit('n', 2);
    expect(hub.listenerCount('n')).toBe(1);
    expect(await pending).toEqual({ value: 1, done: false });
    expect(await it.next()).toEqual({ value: 2, done: false });
    await it.return();
  });
});

describe('issue 13 (5): fromEvent close/error options', () => {
  it("close: 'end' listens to 'end', not to 'e', 'n', 'd'", async () => {
    const hub = new EventEmitter();
    const it = fromEvent<string>(hub, 'data', { close: 'end' });
    expect(hub.listenerCount('end')).toBe(1);
    for (const letter of ['e', 'n', 'd']) expect(hub.listenerCount(letter)).toBe(0);
    hub.emit('data', 'x');
    hub.emit('e');
    hub.emit('data', 'y');
    hub.emit('end');
    hub.emit('data', 'z');
    const got: string[] = [];
    for await (const value of it) got.push(value);
    expect(got).toEqual(['x', 'y']);
    expect(hub.listenerCount('end')).toBe(0);
    expect(hub.listenerCount('data')).toBe(0);
  });

  it("error: 'oops' listens to 'oops' (an event name), letter by letter never", async () => {
    const hub = new EventEmitter();
    const it = fromEvent<string>(hub, 'data', { error: 'oops' });
    expect(hub.listenerCount('oops')).toBe(1);
    expect(hub.listenerCount('o')).toBe(0);
    expect(hub.listenerCount('error')).toBe(0); // given error events replace the default
    const failure = new Error('oops happened');
    hub.emit('oops', failure);
    await expect(it.next()).rejects.toBe(failure);
  });

  it.each([
    ['close', [42]],
    ['close', 42],
    ['close', null],
    ['close', ['end', {}]],
    ['error', 5],
    ['error', [Symbol('e')]],
    ['error', { 0: 'error' }],
  ])('options.%s = %o throws a TypeError naming fromEvent() and the option', (option, value) => {
    const hub = new EventEmitter();
    const call = () => fromEvent(hub, 'data', { [option]: value } as never);
    expect(call).toThrow(TypeError);
    expect(call).toThrow(new RegExp(`^fromEvent\\(\\): options\\.${option} must be`));
    expect(hub.eventNames()).toEqual([]); // nothing attached by a rejected call
  });
});

describe('issue 13 (8): errors name the function the user called', () => {
  it('fromEvent(): overflow, signal, highWaterMark, overflow option, name and target', async () => {
    const hub = new EventEmitter();
    const it = fromEvent<number>(hub, 'n', { highWaterMark: 1 });
    hub.emit('n', 1);
    hub.emit('n', 2);
    expect(await it.next()).toEqual({ value: 1, done: false });
    await expect(it.next()).rejects.toThrow(/^fromEvent\(\): buffer overflow/);
    await expect(it.next()).resolves.toEqual({ value: undefined, done: true });

    expect(() => fromEvent(hub, 'n', { signal: {} as AbortSignal })).toThrow(/^fromEvent\(\): options\.signal/);
    expect(() => fromEvent(hub, 'n', { highWaterMark: 0 })).toThrow(/^fromEvent\(\): options\.highWaterMark/);
    expect(() => fromEvent(hub, 'n', { overflow: 'drop' as never })).toThrow(/^fromEvent\(\): options\.overflow/);
    expect(() => fromEvent(hub, 5 as never)).toThrow(/^fromEvent\(\): name/);
    expect(() => fromEvent({} as never, 'n')).toThrow(/^fromEvent\(\): target/);
    expect(() => fromEvent(hub, 'n', null as never)).toThrow(/^fromEvent\(\): options/);
  });

  it('fromPush(): overflow and options', async () => {
    const { subscribe, emit } = manualSource<number>();
    const it = fromPush(subscribe, { highWaterMark: 1 });
    emit(1, 2);
    expect(await it.next()).toEqual({ value: 1, done: false });
    await expect(it.next()).rejects.toThrow(/^fromPush\(\): buffer overflow/);
    expect(() => fromPush(() => undefined, { signal: {} as AbortSignal })).toThrow(/^fromPush\(\): options\.signal/);
    expect(() => fromPush(() => 5 as never)).toThrow(/^fromPush\(\): subscribe must return/);
  });

  it('an overflow after take-over by pull() still names the bridge', async () => {
    const hub = new EventEmitter();
    const it = pull(fromEvent<string>(hub, 'data', { highWaterMark: 1 }), lines());
    hub.emit('data', 'a\nb\n');
    expect(await it.next()).toEqual({ value: 'a', done: false });
    await expect(it.next()).rejects.toThrow(/^fromEvent\(\): buffer overflow/);
  });
});

// The rule for a pending next() when return() is called, on every push host: it settles exactly once,
// with { done: true }, by the time return()'s promise settles; later reads are done too. An abort
// instead rejects the pending read with the signal's reason, once, and later reads are done.
type Open = (signal?: AbortSignal) => {
  it: AsyncIterator<unknown> & { return(): Promise<unknown> };
  emit(value: string): void;
  detached(): boolean;
};

const hosts: ReadonlyArray<readonly [string, Open]> = [
  [
    'fromPush',
    (signal) => {
      const { state, subscribe, emit } = manualSource<string>();
      const it = fromPush(subscribe, signal === undefined ? {} : { signal });
      return { it, emit, detached: () => state.tornDown === 1 };
    },
  ],
  [
    'fromEvent',
    (signal) => {
      const hub = new EventEmitter();
      const it = fromEvent<string>(hub, 'data', signal === undefined ? {} : { signal });
      return { it, emit: (v) => void hub.emit('data', v), detached: () => hub.listenerCount('data') === 0 };
    },
  ],
  [
    'pull(fromEvent) taken over',
    (signal) => {
      const hub = new EventEmitter();
      const it = pull(fromEvent<string>(hub, 'data', signal === undefined ? {} : { signal }), lines());
      return { it, emit: (v) => void hub.emit('data', v), detached: () => hub.listenerCount('data') === 0 };
    },
  ],
  [
    'pullBatches(fromPush) taken over',
    (signal) => {
      const { state, subscribe, emit } = manualSource<string>();
      const it = pullBatches(fromPush(subscribe, signal === undefined ? {} : { signal }), lines());
      return { it, emit, detached: () => state.tornDown === 1 };
    },
  ],
];

describe('issue 13 (10): a pending next() when return() is called', () => {
  it.each(hosts)('%s: settles once with done, by the time return() settles; never hangs', async (_name, open) => {
    const { it, emit, detached } = open();
    const pendingA = it.next();
    const pendingB = it.next();
    const a = watch(pendingA);
    const b = watch(pendingB);
    const returned = it.return();
    expect(detached()).toBe(true);
    await returned;
    await settle();
    expect(a).toEqual(['resolved {"done":true}']);
    expect(b).toEqual(['resolved {"done":true}']);
    emit('late\n'); // nobody listens now
    expect(await it.next()).toEqual({ value: undefined, done: true });
    await settle();
    expect(a).toHaveLength(1);
  });

  it.each(hosts)('%s: an abort rejects the pending next() with the reason, once; then done', async (_name, open) => {
    const controller = new AbortController();
    const { it, detached } = open(controller.signal);
    const log = watch(it.next());
    const reason = new Error('client gone');
    controller.abort(reason);
    expect(detached()).toBe(true);
    await settle();
    expect(log).toEqual(['rejected client gone']);
    expect(await it.next()).toEqual({ value: undefined, done: true });
    await it.return();
    await settle();
    expect(log).toHaveLength(1);
  });

  it.each(hosts)(
    '%s: an abort with no read waiting: the next read rejects with the reason, once',
    async (_name, open) => {
      const controller = new AbortController();
      const { it, emit } = open(controller.signal);
      emit('buffered\n');
      const reason = new Error('stop');
      controller.abort(reason);
      await expect(it.next()).rejects.toBe(reason); // the buffer is dropped: the reason comes first
      expect(await it.next()).toEqual({ value: undefined, done: true });
    },
  );

  it('generic pull over an async generator waiting inside its body', async () => {
    // The rule here: an async generator cannot be stopped inside an `await` (its return() queues behind
    // the step that is running; that is the language's rule). So the pending next() settles exactly once,
    // with { done: true }, as soon as that step ends; what the step produced is discarded because the run
    // was closed; return() settles after it, and the generator's finally runs once.
    let release!: () => void;
    let finallyRuns = 0;
    async function* source(): AsyncGenerator<string> {
      try {
        yield 'a\n';
        await new Promise<void>((resolve) => (release = resolve));
        yield 'b\n';
        yield 'c\n';
      } finally {
        finallyRuns++;
      }
    }
    for (const host of ['pull', 'pullBatches'] as const) {
      finallyRuns = 0;
      const it = host === 'pull' ? pull(source(), lines()) : pullBatches(source(), lines());
      await it.next();
      const pending = watch(it.next());
      await settle();
      const returned = watch(it.return());
      await settle();
      expect(pending).toEqual([]); // still waiting on the generator's own await
      expect(returned).toEqual([]);
      release();
      await settle();
      await settle();
      expect(pending).toEqual(['resolved {"done":true}']);
      expect(returned).toEqual(['resolved {"done":true}']);
      expect(finallyRuns).toBe(1);
      expect(await it.next()).toEqual({ value: undefined, done: true });
    }
  });
});

describe("issue 13 (11): fromEvent's default 'error' event", () => {
  it('one error emit ends every default consumer of the hub, each after its buffered outputs; error: [] survives', async () => {
    const hub = new EventEmitter();
    const plain = fromEvent<string>(hub, 'data');
    const split = pull(fromEvent<string>(hub, 'data'), lines());
    const mapped = pull(
      fromEvent<string>(hub, 'data', { close: 'end' }),
      map((s: string) => s.length),
    );
    const survivor = pull(fromEvent<string>(hub, 'data', { error: [] }), lines());
    expect(hub.listenerCount('error')).toBe(1); // one for the target, shared by every consumer ending on it
    hub.emit('data', 'a\nbb\n');
    const failure = new Error('connection reset');
    hub.emit('error', failure);
    expect(hub.listenerCount('error')).toBe(0);
    expect(hub.listenerCount('end')).toBe(0);
    expect(consumerCount(hub, 'data')).toBe(1);

    await expect(readAll(plain)).resolves.toEqual({ got: ['a\nbb\n'], error: failure });
    await expect(readAll(split)).resolves.toEqual({ got: ['a', 'bb'], error: failure });
    await expect(readAll(mapped)).resolves.toEqual({ got: [5], error: failure });

    hub.emit('data', 'c\n');
    expect(survivor.drain()).toEqual(['a', 'bb', 'c']);
    expect(hub.listenerCount('data')).toBe(1);
    await survivor.return();
    expect(hub.listenerCount('data')).toBe(0);
  });

  it('a consumer of the error event itself gets errors as values (no default error listener for it)', async () => {
    const hub = new EventEmitter();
    const errors = fromEvent<Error>(hub, 'error');
    const failure = new Error('e1');
    hub.emit('error', failure);
    expect(await errors.next()).toEqual({ value: failure, done: false });
    await errors.return();
  });

  it('an EventTarget has no default error event', async () => {
    const target = new EventTarget();
    const it = fromEvent<Event>(target, 'data');
    target.dispatchEvent(new Event('error'));
    target.dispatchEvent(new Event('data'));
    expect((await it.next()).value).toBeInstanceOf(Event);
    await it.return();
  });
});

async function readAll<T>(it: AsyncIterable<T>): Promise<{ got: T[]; error: unknown }> {
  const got: T[] = [];
  try {
    for await (const value of it) got.push(value);
  } catch (error) {
    return { got, error };
  }
  return { got, error: undefined };
}
