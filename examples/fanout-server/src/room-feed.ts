import { filter, map, pipe, type Filter } from '@siphon/core';

/** What the hub broadcasts, as the `'msg'` event's argument. */
export interface ChatMessage {
  readonly room: string;
  readonly seq: number;
  readonly text: string;
}

/**
 * One connection's feed: the room's messages, as text frames. A recipe of pure steps, built per connection
 * because it is parameterized by the room; the closure holds the room's name and nothing else.
 *
 * @example
 * ```ts
 * collect([{ room: 'lobby', seq: 1, text: 'hi' }, { room: 'other', seq: 2, text: 'no' }], roomFeed('lobby'));
 * // ['{"room":"lobby","seq":1,"text":"hi"}']
 * ```
 */
export function roomFeed(room: string): Filter<ChatMessage, string> {
  return pipe(
    filter((message: ChatMessage) => message.room === room),
    map((message: ChatMessage) => JSON.stringify(message)),
  );
}
