import { describeValue } from './describe.js';

export function assertStringChunk(chunk: unknown, filter: string): asserts chunk is string {
  if (typeof chunk !== 'string') {
    throw new TypeError(`${filter} expects string chunks, got ${describeValue(chunk)}`);
  }
}
