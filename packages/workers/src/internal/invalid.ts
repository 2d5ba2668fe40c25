/** The one shape of `inWorkers`' input errors: `inWorkers(): <what> must be <expected>, got <got>`. */
export function invalid(what: string, expected: string, got: string, type: ErrorConstructor = TypeError): Error {
  return new type(`inWorkers(): ${what} must be ${expected}, got ${got}`);
}
