/**
 * Raw replies of the stream commands, as `sendCommand` returns them: arrays under RESP2; under RESP3 a
 * map is a `Map` or a plain object, depending on the client's type mapping.
 */

/** One entry as Redis sends it: its ID and its fields as a flat list, or `null` once deleted. */
export interface RawEntry {
  readonly id: string;
  readonly message: Record<string, string> | undefined;
}

/** The entries of an `XREADGROUP` reply for one stream (`null`: the read timed out). */
export function readEntries(reply: unknown): RawEntry[] {
  if (reply === null || reply === undefined) return [];
  let streams: unknown[];
  if (Array.isArray(reply)) streams = reply.map((pair) => (pair as unknown[])[1]);
  else if (reply instanceof Map) streams = [...reply.values()];
  else if (typeof reply === 'object') streams = Object.values(reply);
  else throw new TypeError(`unexpected XREADGROUP reply: ${typeof reply}`);
  const entries: RawEntry[] = [];
  for (const list of streams) for (const raw of list as unknown[]) entries.push(entry(raw));
  return entries;
}

/** The cursor and entries of an `XAUTOCLAIM` reply; entries deleted meanwhile are left out. */
export function claimedEntries(reply: unknown): { cursor: string; entries: RawEntry[] } {
  const [cursor, list] = reply as [unknown, unknown[]];
  const entries: RawEntry[] = [];
  for (const raw of list) {
    if (raw === null) continue;
    const claimed = entry(raw);
    if (claimed.message !== undefined) entries.push(claimed);
  }
  return { cursor: String(cursor), entries };
}

/** Delivery counts by ID from an extended `XPENDING` reply. */
export function deliveryCounts(reply: unknown): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of reply as unknown[][]) counts.set(String(row[0]), Number(row[3]));
  return counts;
}

function entry(raw: unknown): RawEntry {
  const [id, fields] = raw as [unknown, unknown[] | Map<unknown, unknown> | Record<string, unknown> | null];
  if (fields === null || fields === undefined) return { id: String(id), message: undefined };
  const message: Record<string, string> = {};
  if (Array.isArray(fields)) {
    for (let i = 0; i + 1 < fields.length; i += 2) message[String(fields[i])] = String(fields[i + 1]);
  } else if (fields instanceof Map) {
    for (const [key, value] of fields) message[String(key)] = String(value);
  } else {
    for (const key of Object.keys(fields)) message[key] = String(fields[key]);
  }
  return { id: String(id), message };
}
