import { describeValue } from './describe.js';

/**
 * A chunk of the wrong type reached a text filter. Not wrapped in a `FilterError` like a failure inside a
 * filter: it is bad input, reported as every bad argument is, by a `TypeError` that names the filter.
 * The host rewrites it to add the filter's place in the pipeline.
 */
export class ChunkTypeError extends TypeError {
  constructor(
    readonly filter: string,
    readonly expected: string,
    readonly chunk: unknown,
  ) {
    super(`${filter} expects ${expected} chunks, got ${describeValue(chunk)}`);
  }

  /** The error the consumer sees: a plain `TypeError` naming the filter, its stage and the chunk's type. */
  at(stage: number, stages: number): TypeError {
    return new TypeError(
      `${this.filter} (stage ${stage} of ${stages}) expects ${this.expected} chunks, got ${describeValue(this.chunk)}`,
    );
  }
}

export function assertStringChunk(chunk: unknown, filter: string): asserts chunk is string {
  if (typeof chunk !== 'string') throw new ChunkTypeError(filter, 'string', chunk);
}
