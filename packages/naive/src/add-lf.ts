import { Filter } from './filter.js';

/**
 * Appends `'\n'` to every chunk and calls back with the result (the incident's `AddLF`).
 *
 * @example
 * ```ts
 * const out: string[] = [];
 * new AddLF((data) => out.push(data)).update('asdf'); // out: ['asdf\n']
 * ```
 */
export class AddLF extends Filter {
  override update(data: string): void {
    super.update(data + '\n');
  }
}
