import { config } from 'rxjs';

/**
 * Reports an error that has no subscriber left to receive it (a cleanup that failed after unsubscribe),
 * the way RxJS reports its own: to `config.onUnhandledError` when set, else thrown in a later task so the
 * runtime's uncaught-error handling sees it. Never swallowed.
 */
export function reportUnhandled(error: unknown): void {
  const handler = config.onUnhandledError;
  if (handler !== null) {
    handler(error);
    return;
  }
  setTimeout(() => {
    throw error;
  });
}
