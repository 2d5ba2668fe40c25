// How `inWorkers` names itself: in its stages, in the errors of a run, in its input errors.
/** The stage's name, which every part of it (batching, the async stage, flattening) carries. */
export const NAME = 'inWorkers';

/** The function the user called, which every error of `inWorkers` names. */
export const CALLER = `${NAME}()`;

/** The one shape of `inWorkers`' input errors: `inWorkers(): <what> must be <expected>, got <got>`. */
export function invalid(what: string, expected: string, got: string): TypeError {
  return new TypeError(`${CALLER}: ${what} must be ${expected}, got ${got}`);
}
