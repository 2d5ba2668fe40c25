import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { pull } from '../consume/pull.js';
import { start } from '../consume/start.js';
import { defineFilter } from '../filters/define-filter.js';
import { pipe } from '../filters/pipe.js';
import { take } from '../filters/take.js';
import { tap } from '../filters/tap.js';
import { lines } from '../text/lines.js';
import { fromEvent } from './from-event.js';

// Re-entrancy into a push consumer's pipeline while it runs at emission time: a stage that emits on the
// same hub (an echo), or that closes or aborts its own consumer. Like the fed run (`start()`, the
// adapters), the push sink queues what the source sends while its chain runs and takes it right after,
// in order; a consumer closed or aborted from inside a step keeps nothing that step made. Each of these
// failed before the sink had that guard.

describe('push consumer: re-entrant emission from inside the pipeline', () => {
  it('start() (the fed run) gives a re-entrant write after the current one, in order (the reference)', () => {
    const outputs: string[] = [];
    const stepper: ReturnType<typeof start<string, string>> = start(
      pipe(
        lines(),
        tap((s: string) => {
          if (s === 'a') outputs.push(...stepper.push('x\ny\n'));
        }),
      ),
    );
    outputs.push(...stepper.push('a\nb\n'));
    expect(outputs).toEqual(['a', 'b', 'x', 'y']);
  });

  it('take(1) gives one output when a stage before it emits on the same hub', () => {
    const hub = new EventEmitter();
    const out = pull(
      fromEventString(hub),
      pipe(
        tap((s: string) => {
          if (s === 'a') hub.emit('data', 'b');
        }),
        take(1),
      ),
    );
    hub.emit('data', 'a');
    expect(out.drain()).toHaveLength(1);
  });

  it('outputs of a re-entrant emission come after those of the emission that caused it', () => {
    const hub = new EventEmitter();
    const out = pull(
      fromEventString(hub),
      pipe(
        lines(),
        tap((s: string) => {
          if (s === 'a') hub.emit('data', 'x\ny\n');
        }),
      ),
    );
    hub.emit('data', 'a\nb\n');
    expect(out.drain()).toEqual(['a', 'b', 'x', 'y']);
  });
});

describe('push consumer: closed or aborted from inside its own pipeline', () => {
  it('return() from a stage: no step runs after the cleanup, and nothing is left to drain ', () => {
    const hub = new EventEmitter();
    const log: string[] = [];
    // Assigned after the stage that uses it is made, as a consumer that closes itself would be.
    // eslint-disable-next-line prefer-const
    let out: ReturnType<typeof pull<string, string>> | undefined;
    const stage = defineFilter<string, string>('stage', () => ({
      step(s) {
        log.push(`step ${s}`);
        if (s === 'stop') void out!.return();
        return [s];
      },
      cleanup() {
        log.push('cleanup');
      },
    }));
    out = pull(fromEventString(hub), pipe(lines(), stage));
    hub.emit('data', 'stop\nmore\n');
    expect(log).toEqual(['step stop', 'cleanup']);
    expect(out.drain()).toEqual([]);
  });

  it('an abort from a stage: the next read rejects with the reason, no output after it', async () => {
    const hub = new EventEmitter();
    const controller = new AbortController();
    const reason = new Error('R');
    const out = pull(
      fromEventString(hub, controller.signal),
      pipe(
        lines(),
        tap((s: string) => {
          if (s === 'stop') controller.abort(reason);
        }),
      ),
    );
    hub.emit('data', 'stop\nmore\n');
    await expect(out.next()).rejects.toBe(reason);
  });
});

function fromEventString(hub: EventEmitter, signal?: AbortSignal) {
  return fromEvent<string>(hub, 'data', signal === undefined ? {} : { signal });
}
