export { collectGarbage } from './collect-garbage.js';
export type { ExpectCollectedOptions, LeakCheckOptions } from './leak-check-options.js';
export type { Track } from './track.js';
export { LeakTracker } from './leak-tracker.js';
export { measureRetention, type RetentionReport } from './measure-retention.js';
export { expectCollected } from './expect-collected.js';
export { expectAllCollected } from './expect-all-collected.js';
export { LeakError, type LeakErrorDetails } from './leak-error.js';
export { retainerPath } from './retainer-path.js';
