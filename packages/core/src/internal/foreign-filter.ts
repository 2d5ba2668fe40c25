import { ChunkTypeError } from './check-chunk.js';
import type { Protocol } from './protocol.js';
import { Final, Many, SKIP, Stage, type StageSpec, type SyncStageSpec } from './stage.js';

/** A filter made by another copy of the core that speaks this copy's protocol. */
export interface ForeignFilter {
  readonly name: string;
  readonly specs: readonly StageSpec[];
}

const adopted = new WeakMap<ForeignFilter, readonly StageSpec[]>();

/**
 * The stages of another copy's filter, in this copy's terms. Its sync stages return that copy's SKIP,
 * `Many` and `Final` and throw its `ChunkTypeError`, which this copy's hosts would take for outputs and
 * for a filter's own failure: each step's result is translated. That costs a call per chunk and stage,
 * on filters from another copy only. Async stages share no values with their host and run as they are.
 */
export function adoptSpecs(filter: ForeignFilter, protocol: Protocol): readonly StageSpec[] {
  let specs = adopted.get(filter);
  if (specs === undefined) {
    specs = filter.specs.map((spec) => (spec.kind === 'sync' ? adoptSync(spec, protocol) : spec));
    adopted.set(filter, specs);
  }
  return specs;
}

function adoptSync(spec: SyncStageSpec, protocol: Protocol): SyncStageSpec {
  const translate = (result: unknown): unknown => {
    if (typeof result === 'symbol' && result === protocol.skip) return SKIP;
    if (!(result instanceof protocol.Signal)) return result;
    if (result instanceof protocol.Final) return new Final(translate(result.result));
    if (result instanceof protocol.Many) return new Many(result.items);
    return result;
  };
  return {
    kind: 'sync',
    name: spec.name,
    create: () => {
      const stage = spec.create();
      const step = stage.step;
      return new Stage(
        (chunk, index) => {
          try {
            return translate(step(chunk, index));
          } catch (error) {
            if (!(error instanceof protocol.ChunkTypeError)) throw error;
            throw new ChunkTypeError(error.filter, error.expected, error.chunk);
          }
        },
        {
          end: stage.end,
          cleanup: stage.cleanup,
          finishedAtStart: stage.finishedAtStart,
          atMostOne: !stage.mayEmitSignal,
          holding: stage.holding,
        },
      );
    },
  };
}
