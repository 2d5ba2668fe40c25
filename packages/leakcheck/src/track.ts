/**
 * Registers `value` to be watched, weakly, under `label`, and returns it unchanged so it can be tracked
 * where it is made: `consumers.push(track(new Consumer(hub), 'consumer 1'))`.
 *
 * Throws a `TypeError` when `value` is not an object or a function, or `label` is not a string.
 */
export type Track = <T extends object>(value: T, label: string) => T;
