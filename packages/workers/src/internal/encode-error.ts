import type { WireError } from './wire.js';

/** Turns any thrown value into data that survives `postMessage` with its name, message, stack and cause. */
export function encodeError(error: unknown, depth = 0): WireError {
  if (!(error instanceof Error)) {
    return { name: 'Error', message: String(error), stack: undefined, thrown: { value: cloneable(error) } };
  }
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (key === 'filter' || key === 'stage' || key === 'stages' || key === 'name') continue;
    const copy = cloneable(value);
    if (copy !== undefined) fields[key] = copy;
  }
  const cause = error.cause;
  // Cause chains are short in practice; the bound only stops a cycle.
  const encodedCause =
    cause === undefined || depth > 8
      ? undefined
      : cause instanceof Error
        ? encodeError(cause, depth + 1)
        : { value: cloneable(cause) };
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    ...(isFilterError(error)
      ? { filterError: { filter: error.filter, stage: error.stage, stages: error.stages } }
      : {}),
    ...(encodedCause === undefined ? {} : { cause: encodedCause }),
    ...(Object.keys(fields).length === 0 ? {} : { fields }),
  };
}

/**
 * A `FilterError` by its shape, not `instanceof`: the worker entry imports no value from
 * `@siphon/core` before it knows how the user's module gets it (see worker-entry.ts).
 */
function isFilterError(error: Error): error is Error & { filter: string; stage: number; stages: number } {
  const fields = error as Error & { filter?: unknown; stage?: unknown; stages?: unknown };
  return (
    error.name === 'FilterError' &&
    typeof fields.filter === 'string' &&
    typeof fields.stage === 'number' &&
    typeof fields.stages === 'number'
  );
}

function cloneable(value: unknown): unknown {
  if (value === null || typeof value !== 'object')
    return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  try {
    return structuredClone(value);
  } catch {
    return undefined;
  }
}
