import type { RedisStreamEntry } from '../entry.js';

/**
 * Raw replies of the stream commands, as `sendCommand` returns them. Entries are arrays under RESP2 and
 * RESP3 alike (`[id, [field, value, …]]`); only `XREADGROUP`'s outer reply is a map under RESP3, a `Map`
 * or a plain object depending on the client's type mapping.
 */

/** The entries of an `XREADGROUP` reply for one stream (`null`: the read timed out). */
export function readEntries(reply: unknown): RedisStreamEntry[] {
  if (reply === null || reply === undefined) return [];
  if (typeof reply !== 'object') throw new TypeError(`unexpected XREADGROUP reply: ${typeof reply}`);
  const streams = Array.isArray(reply)
    ? reply.map((pair: unknown[]) => pair[1])
    : reply instanceof Map
      ? [...reply.values()]
      : Object.values(reply);
  return (streams as unknown[][]).flat().flatMap(entry);
}

/**
 * The cursor and entries of an `XAUTOCLAIM` reply, with their `deliveries` still to be read; entries
 * deleted meanwhile are left out.
 */
export function claimedEntries(reply: unknown): { cursor: string; entries: RedisStreamEntry[] } {
  const [cursor, list] = reply as [unknown, unknown[]];
  return { cursor: String(cursor), entries: list.flatMap(entry) };
}

/** Delivery counts by ID from an extended `XPENDING` reply. */
export function deliveryCounts(reply: unknown): Map<string, number> {
  return new Map((reply as unknown[][]).map((row) => [String(row[0]), Number(row[3])]));
}

/** One entry, delivered once; none when it was deleted (`null`, or `[id, null]` before Redis 7). */
function entry(raw: unknown): RedisStreamEntry[] {
  const fields = (raw as [unknown, unknown[] | null] | null)?.[1];
  if (fields === null || fields === undefined) return [];
  const message: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) message[String(fields[i])] = String(fields[i + 1]);
  return [{ id: String((raw as unknown[])[0]), message, deliveries: 1 }];
}
