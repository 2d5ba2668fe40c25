/** One way of doing a scenario's work, run as a whole over the input. */
export interface Variant<I, R> {
  readonly name: string;
  readonly run: (input: I) => R | Promise<R>;
}

/** A variant that could not be registered, and why. */
export interface Skipped {
  readonly name: string;
  readonly reason: string;
}

/**
 * The variants of one scenario, in table order. Adapter rows are added with {@link Registry.optional}:
 * when the adapter package does not export the function yet, the row is skipped with a note instead
 * of failing the run, so the bench works today and gains rows as adapters land.
 */
export class Registry<I, R> {
  readonly variants: Variant<I, R>[] = [];
  readonly skipped: Skipped[] = [];

  add(name: string, run: (input: I) => R | Promise<R>): this {
    if (this.variants.some((variant) => variant.name === name)) {
      throw new TypeError(`Registry.add(): a variant named ${JSON.stringify(name)} is already registered`);
    }
    this.variants.push({ name, run });
    return this;
  }

  /** Adds `name` when `made` is a run function, else records `reason` as why it was skipped. */
  optional(name: string, made: ((input: I) => R | Promise<R>) | string): this {
    if (typeof made === 'string') this.skipped.push({ name, reason: made });
    else this.add(name, made);
    return this;
  }

  get(name: string): Variant<I, R> {
    const variant = this.variants.find((v) => v.name === name);
    if (variant === undefined) throw new RangeError(`Registry.get(): no variant named ${JSON.stringify(name)}`);
    return variant;
  }
}

/**
 * Loads `exportName` from `specifier` if the package exports it as a function; otherwise returns the
 * reason it is missing. The specifier is a variable so the bench still type-checks and runs while an
 * adapter package is a stub.
 */
export async function loadExport<F extends (...args: never[]) => unknown>(
  specifier: string,
  exportName: string,
): Promise<F | string> {
  let module: Record<string, unknown>;
  try {
    module = (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    return `${specifier} failed to load: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
  const value = module[exportName];
  if (typeof value !== 'function') return `${specifier} does not export ${exportName}() yet`;
  return value as F;
}
