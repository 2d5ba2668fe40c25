import { EventEmitter, getEventListeners, setMaxListeners } from 'node:events';
import { collectGarbage, measureRetention, type Track } from '@siphon/leakcheck';
import { attach, Foo } from '@siphon/naive';
import { describe, expect, it } from 'vitest';
import { lines, map, pipe, pull, type AsyncPullIterator, type Filter } from '../index.js';
import { fromEvent } from './from-event.js';

// Leak scenarios 1 (a long-lived hub outlives short-lived consumers that never unregister) and 3 (an
// explicit close lets go of the hub at once). Each test runs the naive callback design the same way,
// and the same check must see it leak.

const N = 1000;
const CHUNKS = ['alpha\nbe', 'ta\ngamma\n'];
const LINES_PER_READER = 3;

const shout: Filter<string, string> = pipe(
  lines(),
  map((line: string) => line.toUpperCase()),
);
const shoutMessages: Filter<MessageEvent<string>, string> = pipe(
  map((message: MessageEvent<string>) => message.data),
  shout,
);

/** A Siphon consumer: it pulls lines from the hub; nothing on the hub's side points back at it. */
class LineReader {
  readonly received: string[] = [];

  constructor(private readonly output: AsyncPullIterator<string>) {}

  /** Reads `count` outputs (they must have arrived: a reader left waiting is, rightly, kept alive). */
  async read(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const result = await this.output.next();
      if (result.done === true) return;
      this.received.push(result.value);
    }
  }

  async return(): Promise<void> {
    await this.output.return();
  }

  async dispose(): Promise<void> {
    await this.output[Symbol.asyncDispose]();
  }
}

type AnyHub = EventEmitter | EventTarget;

function emitterReader(hub: EventEmitter, options: { signal?: AbortSignal } = {}): LineReader {
  return new LineReader(pull(fromEvent<string>(hub, 'data', options), shout));
}

function targetReader(hub: EventTarget, options: { signal?: AbortSignal } = {}): LineReader {
  return new LineReader(pull(fromEvent<MessageEvent<string>>(hub, 'data', options), shoutMessages));
}

function readerOn(hub: AnyHub, options: { signal?: AbortSignal } = {}): LineReader {
  return hub instanceof EventEmitter ? emitterReader(hub, options) : targetReader(hub, options);
}

function send(hub: AnyHub, chunk: string): void {
  if (hub instanceof EventEmitter) hub.emit('data', chunk);
  else hub.dispatchEvent(new MessageEvent('data', { data: chunk }));
}

function listeners(hub: AnyHub, name = 'data'): number {
  return getEventListeners(hub, name).length;
}

function newHub(kind: 'EventEmitter' | 'EventTarget'): AnyHub {
  const hub = kind === 'EventEmitter' ? new EventEmitter() : new EventTarget();
  setMaxListeners(0, hub); // a thousand listeners is the point here, not a mistake to warn about
  return hub;
}

// Tracked objects are made in these helpers, never in a test's own frame, which would keep the last one.
function attachNaive(hub: AnyHub, count: number, track: Track): void {
  for (let i = 0; i < count; i++) attach(track(new Foo({ dosMode: i % 2 === 1 }), `naive consumer ${i}`), hub);
}

function makeReaders(hub: AnyHub, count: number, track: Track): LineReader[] {
  const readers: LineReader[] = [];
  for (let i = 0; i < count; i++) readers.push(track(readerOn(hub), `siphon consumer ${i}`));
  return readers;
}

async function readersReadThenDrop(hub: AnyHub, track: Track): Promise<void> {
  const readers = makeReaders(hub, N, track);
  for (const chunk of CHUNKS) send(hub, chunk);
  await Promise.all(readers.map((reader) => reader.read(LINES_PER_READER)));
  expect(readers[N - 1]!.received).toEqual(['ALPHA', 'BETA', 'GAMMA']);
}

/** Lets finalizers run (a task after the GC that found their targets) until `done()` or 10 rounds. */
async function settle(done: () => boolean): Promise<void> {
  for (let round = 0; round < 10 && !done(); round++) await collectGarbage({ rounds: 1 });
}

describe.each(['EventEmitter', 'EventTarget'] as const)(
  'leak: a long-lived %s hub and 1,000 consumers that never unregister',
  (kind) => {
    it('naive: the hub keeps every consumer and its data; Siphon: all are collected and the hub is left with no listener', async () => {
      const naiveHub = newHub(kind);
      const naive = await measureRetention((track) => {
        attachNaive(naiveHub, N, track);
        for (const chunk of CHUNKS) send(naiveHub, chunk);
      });
      expect(naive.tracked).toBe(N);
      expect(naive.retained).toBe(N); // proof that the check sees a leak
      expect(listeners(naiveHub)).toBe(N);

      const siphonHub = newHub(kind);

      const siphon = await measureRetention((track) => readersReadThenDrop(siphonHub, track));
      expect(siphon.tracked).toBe(N);
      expect(siphon.retained).toBe(0);
      expect(siphon.retainedLabels).toEqual([]);

      // No close() anywhere: each collected reader unsubscribes itself from a FinalizationRegistry callback.
      await settle(() => listeners(siphonHub) === 0 && listeners(siphonHub, 'error') === 0);
      expect(listeners(siphonHub)).toBe(0);
      expect(listeners(siphonHub, 'error')).toBe(0);
    });
  },
);

type Close = (reader: LineReader, hub: AnyHub, controller: AbortController) => Promise<unknown>;

const closes: ReadonlyArray<readonly [string, Close]> = [
  ['return()', (reader) => reader.return()],
  ['Symbol.asyncDispose', (reader) => reader.dispose()],
  [
    'an AbortSignal',
    (_reader, _hub, controller) => {
      controller.abort(new Error('consumer gone'));
      return Promise.resolve();
    },
  ],
  [
    'an error from a filter',
    (reader, hub) => {
      send(hub, 'boom\n');
      return reader.read(1).then(
        () => expect.unreachable('a filter error must end the read'),
        (error: unknown) => error,
      );
    },
  ],
];

describe.each(['EventEmitter', 'EventTarget'] as const)('leak: explicit close on a %s hub', (kind) => {
  it.each(closes)('%s removes the listener at once; the naive consumer stays subscribed', async (how, close) => {
    const hub = newHub(kind);

    // Positive control: the naive consumer is done with its data, and the hub still calls into it.
    const foo = new Foo();
    attach(foo, hub);
    send(hub, 'one');
    expect(foo.allData()).toBe('one\n');
    expect(listeners(hub)).toBe(1);

    const naiveCount = listeners(hub);
    const controller = new AbortController();
    const reader = readerWith(hub, controller, how);
    expect(listeners(hub)).toBe(naiveCount + 1);
    send(hub, 'two\n');
    await reader.read(1);
    expect(reader.received).toEqual(['TWO']);

    const outcome = await close(reader, hub, controller);
    if (how === 'an error from a filter') expect(outcome).toMatchObject({ name: 'FilterError' });
    // Synchronously after the close: no GC, no extra turn.
    expect(listeners(hub)).toBe(naiveCount);
    if (hub instanceof EventEmitter) expect(listeners(hub, 'error')).toBe(0);
    send(hub, 'three');
    expect(foo.allData().endsWith('three\n')).toBe(true); // the naive consumer is still being fed
  });
});

const failing: Filter<string, string> = pipe(
  shout,
  map((line: string) => {
    if (line === 'BOOM') throw new Error('bad line');
    return line;
  }),
);

function readerWith(hub: AnyHub, controller: AbortController, how: string): LineReader {
  const options = how === 'an AbortSignal' ? { signal: controller.signal } : {};
  if (how !== 'an error from a filter') return readerOn(hub, options);
  const output =
    hub instanceof EventEmitter
      ? pull(fromEvent<string>(hub, 'data'), failing)
      : pull(
          fromEvent<MessageEvent<string>>(hub, 'data'),
          pipe(
            map((message: MessageEvent<string>) => message.data),
            failing,
          ),
        );
  return new LineReader(output);
}

describe('leak: an error event from an EventEmitter hub', () => {
  it('ends the read and removes every listener at once; the naive consumer stays subscribed', async () => {
    const hub = newHub('EventEmitter') as EventEmitter;
    const foo = new Foo();
    attach(foo, hub);
    const reader = emitterReader(hub);
    hub.emit('data', 'one\n');
    await reader.read(1);

    const failure = new Error('connection reset');
    hub.emit('error', failure);
    await expect(reader.read(1)).rejects.toBe(failure);
    expect(listeners(hub)).toBe(1); // only the naive consumer's
    expect(listeners(hub, 'error')).toBe(0);
    hub.emit('data', 'two');
    expect(foo.allData()).toBe('one\n\ntwo\n');
  });
});
