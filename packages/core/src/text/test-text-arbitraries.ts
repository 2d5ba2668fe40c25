// fast-check arbitraries shared by the text filters' property tests (not part of the package).
import fc from 'fast-check';

/** Text rich in what the text filters care about: \r, \n, \r\n, multi-byte and astral characters. */
export const trickyText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom('\r', '\n', '\r\n', '\n\r', '\r\r\n', 'a', 'b', ' ', 'é', '€', '😀', '𝄞', '\u2028'),
      fc.string({ unit: 'binary', maxLength: 6 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

/** Like {@link trickyText}, plus lone surrogates (what an arbitrary UTF-16 string may hold). */
export const textWithLoneSurrogates: fc.Arbitrary<string> = fc
  .array(fc.oneof(trickyText, fc.constantFrom('\ud83d', '\ude00', '\udbff', '\udc00')), { maxLength: 6 })
  .map((parts) => parts.join(''));

/** Cut positions; {@link splitAt} maps them into range, so any list of naturals works. */
export const cuts: fc.Arbitrary<number[]> = fc.array(fc.nat(), { maxLength: 12 });

/** Splits a string or byte array at the given positions (taken modulo its length + 1); empty pieces included. */
export function splitAt<T extends { readonly length: number; slice(start: number, end?: number): T }>(
  whole: T,
  positions: readonly number[],
): T[] {
  const points = positions.map((p) => p % (whole.length + 1)).sort((a, b) => a - b);
  const pieces: T[] = [];
  let from = 0;
  for (const point of points) {
    pieces.push(whole.slice(from, point));
    from = point;
  }
  pieces.push(whole.slice(from));
  return pieces;
}
