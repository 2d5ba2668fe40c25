import type { Track } from '../track.js';
import type { TrackedSet } from './tracked-set.js';

/**
 * Runs a check's `setup` in a frame of its own: once this returns, nothing of the setup's locals or its
 * promise survives in the caller's (suspended, heap-allocated) frame.
 */
export async function runSetup(
  setup: (track: Track) => void | Promise<void>,
  tracked: TrackedSet,
  caller: string,
): Promise<void> {
  const track = <T extends object>(value: T, label: string): T => {
    tracked.add(value, label, `${caller} track()`);
    return value;
  };
  await setup(track);
}
