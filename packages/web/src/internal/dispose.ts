/**
 * `Symbol.dispose` where the runtime has it, else the registered symbol that `@siphon/core` (like
 * TypeScript's helpers) falls back to, so a stepper's dispose method is found in older browsers too.
 */
export const disposeSymbol: typeof Symbol.dispose =
  (Symbol as { dispose?: typeof Symbol.dispose }).dispose ?? (Symbol.for('Symbol.dispose') as typeof Symbol.dispose);
