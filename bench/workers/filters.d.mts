import type { Filter } from '@siphon/core';

export declare const ROUNDS: number;
export declare const digest: Filter<Uint8Array, Uint8Array>;
export declare const addLF: Filter<string, string>;
