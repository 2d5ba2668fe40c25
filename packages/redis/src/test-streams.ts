import type { TestClient } from './test-redis-server.js';

/** Appends one entry per message; returns their IDs in order. */
export async function seed(
  client: TestClient,
  stream: string,
  messages: readonly Record<string, string>[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const message of messages) {
    ids.push(String(await client.sendCommand(['XADD', stream, '*', ...Object.entries(message).flat()])));
  }
  return ids;
}

export async function createGroup(client: TestClient, stream: string, group: string): Promise<void> {
  await client.sendCommand(['XGROUP', 'CREATE', stream, group, '0', 'MKSTREAM']);
}

/** The group's `XINFO GROUPS` fields. */
async function groupInfo(client: TestClient, stream: string, group: string): Promise<Map<string, unknown>> {
  // A list of flat arrays under RESP2, of maps (objects) under RESP3.
  const groups = (await client.sendCommand(['XINFO', 'GROUPS', stream])) as (unknown[] | Record<string, unknown>)[];
  for (const raw of groups) {
    const info = new Map<string, unknown>();
    if (Array.isArray(raw)) for (let i = 0; i + 1 < raw.length; i += 2) info.set(String(raw[i]), raw[i + 1]);
    else for (const [key, value] of Object.entries(raw)) info.set(key, value);
    if (info.get('name') === group) return info;
  }
  throw new Error(`no group ${group}`);
}

/** Entries delivered to the group and not acknowledged. */
export async function pending(client: TestClient, stream: string, group: string): Promise<number> {
  return Number((await groupInfo(client, stream, group)).get('pending'));
}

/** Entries the group has acknowledged: delivered (`entries-read`) less pending. */
export async function acknowledged(client: TestClient, stream: string, group: string): Promise<number> {
  const info = await groupInfo(client, stream, group);
  return Number(info.get('entries-read') ?? 0) - Number(info.get('pending'));
}

/** IDs pending for one consumer. */
export async function pendingIds(
  client: TestClient,
  stream: string,
  group: string,
  consumer?: string,
): Promise<string[]> {
  const args = ['XPENDING', stream, group, '-', '+', '100000'];
  if (consumer !== undefined) args.push(consumer);
  return ((await client.sendCommand(args)) as unknown[][]).map((row) => String(row[0]));
}

/** How many times a command has run on the server so far (`INFO commandstats`). */
export async function commandCalls(client: TestClient, command: string): Promise<number> {
  const info = String(await client.sendCommand(['INFO', 'commandstats']));
  const match = new RegExp(`cmdstat_${command.toLowerCase()}:calls=(\\d+)`).exec(info);
  return match === null ? 0 : Number(match[1]);
}
