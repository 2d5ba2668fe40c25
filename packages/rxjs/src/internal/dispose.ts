/** `Symbol.dispose` where the runtime has it, else the well-known fallback TypeScript's helpers (and the core) use. */
export const disposeSymbol: typeof Symbol.dispose =
  (Symbol as { dispose?: typeof Symbol.dispose }).dispose ?? (Symbol.for('Symbol.dispose') as typeof Symbol.dispose);
