import { FilterError } from '@siphon/core';
import type { WireError } from './wire.js';

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
