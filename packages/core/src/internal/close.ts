/**
 * Runs teardown steps in order, every one of them even if some throw. A failure of the run itself
 * (`primary`) wins; otherwise the first teardown error is rethrown.
 */
export function closeAll(steps: ReadonlyArray<() => void>, primary?: { error: unknown }): void {
  let failure = primary;
  for (const step of steps) {
    try {
      step();
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure !== undefined) throw failure.error;
}

/** The async form of {@link closeAll}. */
export async function closeAllAsync(steps: ReadonlyArray<() => unknown>, primary?: { error: unknown }): Promise<void> {
  let failure = primary;
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure !== undefined) throw failure.error;
}

/** `Symbol.dispose` where the runtime has it, else the well-known fallback TypeScript's helpers use. */
export const disposeSymbol: typeof Symbol.dispose =
  (Symbol as { dispose?: typeof Symbol.dispose }).dispose ?? (Symbol.for('Symbol.dispose') as typeof Symbol.dispose);

export const asyncDisposeSymbol: typeof Symbol.asyncDispose =
  (Symbol as { asyncDispose?: typeof Symbol.asyncDispose }).asyncDispose ??
  (Symbol.for('Symbol.asyncDispose') as typeof Symbol.asyncDispose);
