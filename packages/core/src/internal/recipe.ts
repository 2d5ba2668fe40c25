import type { Filter } from '../filter.js';
import { describeValue } from './describe.js';
import { adoptSpecs, type ForeignFilter } from './foreign-filter.js';
import { brandOf, FILTER_BRAND, PROTOCOL, PROTOCOL_VERSION, type Protocol } from './protocol.js';
import type { StageSpec } from './stage.js';

/** The run-time form of every {@link Filter}: a name and the flat list of stages it runs. */
export class Recipe {
  /** Marks it as a filter for every copy of the core (see {@link FILTER_BRAND}); on the prototype. */
  declare readonly [FILTER_BRAND]: Protocol;

  constructor(
    readonly name: string,
    readonly specs: readonly StageSpec[],
  ) {}

  toString(): string {
    return `Filter(${this.name})`;
  }
}

Object.defineProperty(Recipe.prototype, FILTER_BRAND, { value: PROTOCOL });

/** Makes a single-stage filter. */
export function filterOf<In, Out>(spec: StageSpec): Filter<In, Out> {
  return new Recipe(spec.name, [spec]) as unknown as Filter<In, Out>;
}

/** True for a filter this copy can run: its own, or another copy's of the same protocol. */
export function isRunnable(value: unknown): boolean {
  return value instanceof Recipe || brandOf(value)?.version === PROTOCOL_VERSION;
}

/** The stages of a filter, or a `TypeError` that says what was passed instead. */
export function specsOf(filter: unknown, caller: string, what = 'filter'): readonly StageSpec[] {
  if (filter instanceof Recipe) return filter.specs;
  const brand = brandOf(filter);
  if (brand !== undefined) {
    if (brand.version === PROTOCOL_VERSION) return adoptSpecs(filter as ForeignFilter, brand as Protocol);
    const theirs = Number.isNaN(brand.version) ? 'an unknown filter protocol' : `filter protocol ${brand.version}`;
    throw new TypeError(
      `${caller}: ${what} comes from another copy of @siphon/core that speaks ${theirs}, and this copy ` +
        `speaks filter protocol ${PROTOCOL_VERSION}: make both use one version of @siphon/core ` +
        '(`npm ls @siphon/core` lists the copies)',
    );
  }
  const hint =
    typeof filter === 'function'
      ? ' (a function: did you pass a filter factory such as `map` instead of calling it, `map(fn)`?)'
      : '';
  throw new TypeError(`${caller}: ${what} is not a Siphon filter, got ${describeValue(filter)}${hint}`);
}
