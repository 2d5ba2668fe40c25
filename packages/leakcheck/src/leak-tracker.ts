import type { LeakCheckOptions } from './leak-check-options.js';
import type { Track } from './track.js';
import { readOptions } from './internal/read-options.js';
import { TrackedSet } from './internal/tracked-set.js';

/**
 * The lower-level form of the checks: track objects as a test goes, then ask which of them garbage
 * collection could take. Holds only weak references, so tracking never keeps anything alive.
 *
 * `collected()` and `retained()` force GC first, until every tracked object is gone or the rounds run out.
 *
 * @example
 * ```ts
 * const tracker = new LeakTracker();
 * for (let i = 0; i < 100; i++) tracker.track(makeConsumer(hub), `consumer ${i}`);
 * assert.deepEqual(await tracker.retained(), []);
 * ```
 */
export class LeakTracker {
  readonly #tracked = new TrackedSet();

  /** Tracks `value` under `label` and returns it. Bound: it can be passed around on its own. */
  readonly track: Track = <T extends object>(value: T, label: string): T => {
    this.#tracked.add(value, label, 'LeakTracker.track()');
    return value;
  };

  /** How many objects have been tracked, collected or not. */
  get size(): number {
    return this.#tracked.size;
  }

  /** Forces GC, then lists the labels of the tracked objects that are gone, in tracking order. */
  async collected(options?: LeakCheckOptions): Promise<string[]> {
    await this.#settle(options, 'LeakTracker.collected()');
    return this.#tracked.collectedLabels();
  }

  /** Forces GC, then lists the labels of the tracked objects still alive, in tracking order. */
  async retained(options?: LeakCheckOptions): Promise<string[]> {
    await this.#settle(options, 'LeakTracker.retained()');
    return this.#tracked.retainedLabels();
  }

  async #settle(options: LeakCheckOptions | undefined, caller: string): Promise<void> {
    const { rounds } = readOptions(options, caller);
    await this.#tracked.settle(rounds, caller);
  }
}
