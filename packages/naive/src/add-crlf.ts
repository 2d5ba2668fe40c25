import { Filter } from './filter.js';

/**
 * Appends `'\r\n'` to every chunk and calls back with the result (the incident's `AddCRLF`, the filter
 * its consumer picks in DOS mode).
 *
 * @example
 * ```ts
 * const out: string[] = [];
 * new AddCRLF((data) => out.push(data)).update('asdf'); // out: ['asdf\r\n']
 * ```
 */
export class AddCRLF extends Filter {
  override update(data: string): void {
    super.update(data + '\r\n');
  }
}
