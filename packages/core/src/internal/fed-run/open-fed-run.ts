import { specsOf } from '../recipe.js';
import type { StageSpec, SyncStageSpec } from '../stage.js';
import { AsyncFedRun } from './async-fed-run.js';
import type { FedRun, RunSink } from './run-sink.js';
import { SyncFedRun } from './sync-fed-run.js';

/** Starts the fed run that fits the pipeline: synchronous when every stage is, else async. */
export function openFedRun<In, Out>(filter: unknown, sink: RunSink<Out>, caller: string): FedRun<In> {
  const specs: readonly StageSpec[] = specsOf(filter, caller);
  if (specs.every((spec) => spec.kind === 'sync')) return SyncFedRun.open(specs as readonly SyncStageSpec[], sink);
  return new AsyncFedRun(specs, sink);
}
