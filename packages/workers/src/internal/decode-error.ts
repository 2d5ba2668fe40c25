import { FilterError } from './core.js';
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
    error = new Error(wire.message, cause === undefined ? undefined : { cause });
    if (error.name !== wire.name) setOwn(error, 'name', wire.name);
  }
  if (wire.fields !== undefined) Object.assign(error, wire.fields);
  setOwn(error, 'stack', wire.stack);
  return error;
}

/** Sets a field as the engine's own errors have it: writable, configurable, not enumerable. */
function setOwn(error: Error, key: 'name' | 'stack', value: string | undefined): void {
  Object.defineProperty(error, key, { value, writable: true, configurable: true });
}
