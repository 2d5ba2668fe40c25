import { forceGc } from './force-gc.js';
import { assertWeakTarget } from './read-options.js';
import { describeValue } from './describe.js';

interface Entry {
  readonly label: string;
  readonly ref: WeakRef<object>;
}

/**
 * Labelled weak references: the engine behind `LeakTracker`, `measureRetention` and the `expect*` checks.
 * `WeakRef.deref()` after a full GC is the exact answer.
 *
 * Deliberately no `FinalizationRegistry`: on Node 20, a registry that is collected while it still has
 * cleanups pending stops every registry in the process from ever calling back again — including the
 * ones in the code under test (measured on Node 20.20.2). A per-check registry would be dropped exactly so.
 */
export class TrackedSet {
  readonly #entries: Entry[] = [];
  get size(): number {
    return this.#entries.length;
  }

  add(value: unknown, label: unknown, caller: string): void {
    assertWeakTarget(value, caller, 'value');
    if (typeof label !== 'string') {
      throw new TypeError(`${caller}: label must be a string, got ${describeValue(label)}`);
    }
    const entry: Entry = { label, ref: new WeakRef(value) };
    this.#entries.push(entry);
  }

  /** Forces GC until every tracked object is gone or `rounds` run out. */
  settle(rounds: number, caller: string): Promise<void> {
    return forceGc(rounds, caller, () => this.#entries.every((entry) => !isAlive(entry)));
  }

  /** Labels of the tracked objects still alive, in tracking order. */
  retainedLabels(): string[] {
    return this.#entries.filter(isAlive).map((entry) => entry.label);
  }

  /** Labels of the tracked objects collected, in tracking order. */
  collectedLabels(): string[] {
    return this.#entries.filter((entry) => !isAlive(entry)).map((entry) => entry.label);
  }

  /** The first survivor, for a retainer path. Dereferencing keeps it alive until the current job ends. */
  firstSurvivor(): { readonly label: string; readonly value: object } | undefined {
    for (const entry of this.#entries) {
      const value = entry.ref.deref();
      if (value !== undefined) return { label: entry.label, value };
    }
    return undefined;
  }
}

function isAlive(entry: Entry): boolean {
  return entry.ref.deref() !== undefined;
}
