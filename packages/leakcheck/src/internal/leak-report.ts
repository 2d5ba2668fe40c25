import { LeakError } from '../leak-error.js';
import { retainerPath } from '../retainer-path.js';
import type { TrackedSet } from './tracked-set.js';

/** Labels named in a message before the rest are counted. */
const LABELS_SHOWN = 5;

/**
 * The `LeakError` for a check whose tracked objects survived: `summary` opens the message, then the first
 * labels, then (when `withPath`) the retainer path of the first survivor, from a heap snapshot taken now.
 */
export function leakReport(summary: string, tracked: TrackedSet, withPath: boolean): LeakError {
  const retainedLabels = tracked.retainedLabels();
  const shown = retainedLabels.slice(0, LABELS_SHOWN).map((label) => JSON.stringify(label));
  const more = retainedLabels.length - shown.length;
  const lines = [`${summary}: ${shown.join(', ')}${more > 0 ? `, … (${more} more)` : ''}.`];
  let path: string | undefined;
  if (withPath) {
    const found = survivorPath(tracked);
    if (found !== undefined) {
      path = found.path;
      lines.push(
        path === undefined
          ? `No retainer path found for ${JSON.stringify(found.label)}: only weak references or running code hold it.`
          : `Retainer path of ${JSON.stringify(found.label)} (from the object to a GC root):\n  ${path}`,
      );
    }
  }
  return new LeakError(lines.join('\n'), { tracked: tracked.size, retainedLabels, retainerPath: path });
}

/** In its own frame, so the survivor is held only on the stack while the snapshot is taken. */
function survivorPath(tracked: TrackedSet): { readonly label: string; readonly path: string | undefined } | undefined {
  const survivor = tracked.firstSurvivor();
  return survivor === undefined ? undefined : { label: survivor.label, path: retainerPath(survivor.value) };
}
