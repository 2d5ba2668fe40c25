import type { Filter } from '../filter.js';
import { describeValue } from './describe.js';
import type { StageSpec } from './stage.js';

/** The run-time form of every {@link Filter}: a name and the flat list of stages it runs. */
export class Recipe {
  constructor(
    readonly name: string,
    readonly specs: readonly StageSpec[],
  ) {}

  toString(): string {
    return `Filter(${this.name})`;
  }
}

/** Makes a single-stage filter. */
export function filterOf<In, Out>(spec: StageSpec): Filter<In, Out> {
  return new Recipe(spec.name, [spec]) as unknown as Filter<In, Out>;
}

/** The stages of a filter, or a `TypeError` that says what was passed instead. */
export function specsOf(filter: unknown, caller: string, what = 'filter'): readonly StageSpec[] {
  if (filter instanceof Recipe) return filter.specs;
  const hint =
    typeof filter === 'function'
      ? ' (a function: did you pass a filter factory such as `map` instead of calling it, `map(fn)`?)'
      : '';
  throw new TypeError(`${caller}: ${what} is not a Siphon filter, got ${describeValue(filter)}${hint}`);
}
