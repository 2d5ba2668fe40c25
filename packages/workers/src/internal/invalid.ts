/** The function the user called, which every error of `inWorkers` names. */
export const CALLER = 'inWorkers()';

/** The one shape of `inWorkers`' input errors: `inWorkers(): <what> must be <expected>, got <got>`. */
export function invalid(what: string, expected: string, got: string): TypeError {
  return new TypeError(`${CALLER}: ${what} must be ${expected}, got ${got}`);
}
