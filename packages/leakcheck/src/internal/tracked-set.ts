import { forceGc } from './force-gc.js';
import { assertWeakTarget } from './read-options.js';
import { describeValue } from './describe.js';

interface Entry {
  readonly label: string;
  /** Dropped by the registry once the target is collected, so a long-lived set holds only labels. */
  ref: WeakRef<object> | undefined;
}

/**
 * Labelled weak references: the engine behind `LeakTracker`, `measureRetention` and the `expect*` checks.
 * `WeakRef.deref()` after a full GC is the exact answer; the `FinalizationRegistry` only frees the cells of
 * targets already gone.
 */
export class TrackedSet {
  readonly #entries: Entry[] = [];
  readonly #registry = new FinalizationRegistry<Entry>((entry) => {
    entry.ref = undefined;
  });

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
    this.#registry.register(value, entry);
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
      const value = entry.ref?.deref();
      if (value !== undefined) return { label: entry.label, value };
    }
    return undefined;
  }
}

function isAlive(entry: Entry): boolean {
  return entry.ref?.deref() !== undefined;
}
