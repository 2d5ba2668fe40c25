import type { Filter } from '../filter.js';
import { filterOf } from '../internal/recipe.js';
import { AT_MOST_ONE, Stage } from '../internal/stage.js';
import { assertFunction } from '../internal/validate.js';

/**
 * Transforms each chunk with `project`, which also receives the chunk's 0-based index in this run.
 *
 * @example
 * ```ts
 * collect(['a', 'b'], map((s, i) => `${i}:${s}`)); // ['0:a', '1:b']
 * ```
 */
export function map<In, Out>(project: (value: In, index: number) => Out): Filter<In, Out> {
  assertFunction(project, 'map()', 'project');
  return filterOf({
    kind: 'sync',
    name: 'map',
    // The stage calls the user's function itself: the host passes the index.
    create: () => new Stage(project as (value: unknown, index: number) => Out, AT_MOST_ONE),
  });
}
