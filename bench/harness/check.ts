import { isDeepStrictEqual, inspect } from 'node:util';
import type { Scenario } from './scenario.js';
import type { Variant } from './registry.js';

/** A variant whose result differs from the scenario's reference. */
export class ResultMismatchError extends Error {
  constructor(
    readonly variant: string,
    readonly actual: unknown,
    readonly expected: unknown,
  ) {
    super(
      `${variant}: result ${inspect(actual, { depth: 3 })} differs from the reference ${inspect(expected, { depth: 3 })}`,
    );
    this.name = 'ResultMismatchError';
  }
}

/** Throws a {@link ResultMismatchError} unless `actual` deep-equals `expected`. */
export function assertSameResult(variant: string, actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) throw new ResultMismatchError(variant, actual, expected);
}

/** Runs `variant` once on the scenario's check input and throws unless its result equals `expected`. */
export async function checkVariant<I, R>(
  scenario: Scenario<I, R>,
  variant: Variant<I, R>,
  input: I,
  expected: R,
): Promise<void> {
  const checkInput = scenario.checkInput?.(input) ?? input;
  assertSameResult(variant.name, await variant.run(checkInput), expected);
}
