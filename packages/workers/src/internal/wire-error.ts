import { FilterError } from '@siphon/core';
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
    ...(error instanceof FilterError
      ? { filterError: { filter: error.filter, stage: error.stage, stages: error.stages } }
      : {}),
    ...(encodedCause === undefined ? {} : { cause: encodedCause }),
    ...(Object.keys(fields).length === 0 ? {} : { fields }),
  };
}

/**
 * Rebuilds what {@link encodeError} sent: a `FilterError` again if it was one, else an `Error` with the
 * worker's name, message, stack and fields, or the thrown value itself if it was not an `Error`.
 */
export function decodeError(wire: WireError): unknown {
  if (wire.thrown !== undefined) return wire.thrown.value;
  const cause =
    wire.cause === undefined ? undefined : 'value' in wire.cause ? wire.cause.value : decodeError(wire.cause);
  let error: Error;
  if (wire.filterError !== undefined) {
    const { filter, stage, stages } = wire.filterError;
    error = new FilterError(filter, stage, stages, cause);
  } else {
    error = cause === undefined ? new Error(wire.message) : new Error(wire.message, { cause });
    if (error.name !== wire.name) {
      Object.defineProperty(error, 'name', { value: wire.name, writable: true, configurable: true });
    }
  }
  if (wire.fields !== undefined) Object.assign(error, wire.fields);
  Object.defineProperty(error, 'stack', { value: wire.stack, writable: true, configurable: true });
  return error;
}

function cloneable(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  try {
    return structuredClone(value);
  } catch {
    return undefined;
  }
}
