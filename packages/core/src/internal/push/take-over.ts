import type { StageSpec, SyncStageSpec } from '../stage.js';
import { PushConsumer } from './push-consumer.js';

/**
 * `pull`/`pullBatches` over a push consumer nobody has read from yet, with an all-synchronous pipeline:
 * the consumer's sink runs the pipeline as values arrive, and the consumer itself becomes the run's
 * iterator (one object per consumer, not two). Undefined when the generic async host must run it: any
 * other source, a pipeline with async stages, or a consumer already read from.
 */
export function takeOverPush(
  source: unknown,
  specs: readonly StageSpec[],
  batches: boolean,
): PushConsumer<unknown> | undefined {
  if (!(source instanceof PushConsumer)) return undefined;
  for (let i = 0; i < specs.length; i++) if (specs[i]!.kind !== 'sync') return undefined;
  return source.sink.takeOver(specs as readonly SyncStageSpec[], batches) ? source : undefined;
}
