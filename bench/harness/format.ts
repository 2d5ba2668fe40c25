/** Nanoseconds as a short human time: `812 µs`, `14.2 ms`, `1.31 s`. */
export function formatTime(ns: number): string {
  if (ns < 1e3) return `${ns.toFixed(0)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(ns < 1e4 ? 2 : 1)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(ns < 1e7 ? 2 : 1)} ms`;
  return `${(ns / 1e9).toFixed(2)} s`;
}

/** Bytes with a binary unit: `96 B`, `12.5 KiB`, `3.1 MiB`. */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? '-' : '';
  const b = Math.abs(bytes);
  if (b < 1024) return `${sign}${b.toFixed(b < 10 ? 1 : 0)} B`;
  if (b < 1024 ** 2) return `${sign}${(b / 1024).toFixed(1)} KiB`;
  if (b < 1024 ** 3) return `${sign}${(b / 1024 ** 2).toFixed(1)} MiB`;
  return `${sign}${(b / 1024 ** 3).toFixed(2)} GiB`;
}

/** A count per second: `41.3 M/s`, `870 k/s`. */
export function formatRate(perSecond: number, unit: string): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)} M${unit}/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)} k${unit}/s`;
  return `${perSecond.toFixed(1)} ${unit}/s`;
}

/** A Markdown table (also readable as plain text), columns padded; `right` marks right-aligned columns. */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  right: readonly boolean[] = [],
): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => (right[i] === true ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (right[i] === true ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
