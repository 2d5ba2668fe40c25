/**
 * Resolves in a later macrotask. A microtask is not enough: V8 keeps every `WeakRef` target created or
 * dereferenced during the current job alive until the job ends, and `FinalizationRegistry` callbacks and
 * settled promise reactions need a turn of the event loop to run.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
