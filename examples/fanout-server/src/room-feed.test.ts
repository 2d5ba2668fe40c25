import { collect } from '@siphon/core';
import { describe, expect, it } from 'vitest';
import { roomFeed, type ChatMessage } from './room-feed.js';

describe('roomFeed', () => {
  it("keeps the room's messages, in order, as JSON text", () => {
    const messages: ChatMessage[] = [
      { room: 'lobby', seq: 1, text: 'a' },
      { room: 'other', seq: 2, text: 'b' },
      { room: 'lobby', seq: 3, text: 'c' },
    ];
    expect(collect(messages, roomFeed('lobby'))).toEqual([JSON.stringify(messages[0]), JSON.stringify(messages[2])]);
    expect(collect(messages, roomFeed('nobody'))).toEqual([]);
  });
});
