import { EventEmitter } from 'node:events';
import { expect } from 'vitest';
import { LeakError } from './leak-error.js';

// A miniature of the callback design leak tests are about: hub → listener → filter → bound method → consumer.

export type Callback = (data: string) => void;

export class Filter {
  constructor(readonly callback: Callback) {}
  update(data: string): void {
    this.callback(data);
  }
}

export class AddLF extends Filter {
  override update(data: string): void {
    super.update(`${data}\n`);
  }
}

export class Consumer {
  readonly received: string[] = [];
  readonly filter = new AddLF(this.onData.bind(this));
  onData(data: string): void {
    this.received.push(data);
  }
}

/** Subscribes a consumer's filter to `hub` and never unsubscribes: the consumer leaks. */
export function attachedConsumer(hub: EventEmitter): Consumer {
  const consumer = new Consumer();
  const filter = consumer.filter;
  hub.on('data', function forwardChunk(chunk: string) {
    filter.update(chunk);
  });
  return consumer;
}

/** A consumer that reads from nothing long-lived: nothing keeps it once dropped. */
export function detachedConsumer(): Consumer {
  const consumer = new Consumer();
  consumer.filter.update('x');
  return consumer;
}

export function newHub(): EventEmitter {
  const hub = new EventEmitter();
  hub.setMaxListeners(0);
  return hub;
}

/** Awaits a check that must fail, and returns its LeakError. */
export async function failureOf(check: Promise<void>): Promise<LeakError> {
  const error: unknown = await check.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(LeakError);
  return error as LeakError;
}
