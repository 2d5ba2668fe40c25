/** What a failed check found, as carried by {@link LeakError}. */
export interface LeakErrorDetails {
  /** How many objects the check tracked. */
  readonly tracked: number;
  /** Labels of the tracked objects that survived, in tracking order. */
  readonly retainedLabels: readonly string[];
  /** How the first survivor was kept alive, or `undefined` when no path was taken or found. */
  readonly retainerPath?: string | undefined;
}

/**
 * The error `expectCollected` and `expectAllCollected` reject with when tracked objects survive forced
 * garbage collection, and `expectInstanceCount` when too many instances do (with no labels or path). A plain `Error` subclass, so any test runner prints its message: how many of how many
 * survived, their first labels, and the retainer path of one of them.
 *
 * @example
 * ```ts
 * try {
 *   await expectAllCollected((track) => track(new Consumer(hub), 'consumer'));
 * } catch (error) {
 *   if (error instanceof LeakError) console.log(error.retainedLabels, error.retainerPath);
 *   // ['consumer'], 'Consumer ← bound onData ← Array[0] ← Object.data ← EventEmitter._events ← …'
 * }
 * ```
 */
export class LeakError extends Error {
  override readonly name = 'LeakError';

  /** How many objects the check tracked. */
  readonly tracked: number;
  /** Labels of every tracked object that survived, in tracking order. */
  readonly retainedLabels: readonly string[];
  /** How the first survivor is kept alive, from a GC root: `undefined` when no path was taken or found. */
  readonly retainerPath: string | undefined;

  constructor(message: string, details: LeakErrorDetails) {
    super(message);
    this.tracked = details.tracked;
    this.retainedLabels = Object.freeze([...details.retainedLabels]);
    this.retainerPath = details.retainerPath;
  }
}
