/** Where a script reports its progress: stderr, or anything that writes text and may be a terminal. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * A script's progress on one line: redrawn in place (`\r`, then the rest of the old line erased) on a terminal that
 * nothing else writes to, otherwise one whole line per report, so that a log file, a pipe, or a terminal that also
 * shows the script's output (segment:export's NDJSON on stdout) never gets reports run together on one line.
 */
export function progressLine(stream: ProgressStream, options: { sharedTerminal?: boolean } = {}) {
  const inPlace = Boolean(stream.isTTY) && !options.sharedTerminal;
  return {
    update(text: string): void {
      stream.write(inPlace ? `\r${text}\x1b[K` : `${text}\n`);
    },
    done(text: string): void {
      stream.write(inPlace ? `\r${text}\x1b[K\n` : `${text}\n`);
    },
  };
}
