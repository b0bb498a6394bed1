/** Where progress goes: stderr by default; a TTY gets a redrawn bar, anything else a plain line every few seconds. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressUpdate {
  bytesDone: number;
  accounts: number;
}

export interface Progress {
  update(state: ProgressUpdate): void;
  done(state: ProgressUpdate): void;
}

const TTY_REDRAW_MS = 100;
const PLAIN_EVERY_MS = 5_000;

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/**
 * A progress bar over bytes of a file: percent, bytes, accounts/s and ETA. Rates count only this run's work (from
 * `startBytes` and `startAccounts`), so a resumed import does not report the skipped part as instantly done.
 */
export function createProgress(options: {
  label: string;
  totalBytes: number;
  /** What the total counts, when not bytes of a file (e.g. 'members'). */
  unit?: string;
  startBytes?: number;
  startAccounts?: number;
  stream?: ProgressStream;
  now?: () => number;
}): Progress {
  const { label, totalBytes, unit, startBytes = 0, startAccounts = 0, stream = process.stderr, now = () => Date.now() } = options;
  const started = now();
  let lastDraw = 0;

  const line = ({ bytesDone, accounts }: ProgressUpdate, final: boolean): string => {
    const elapsed = Math.max((now() - started) / 1000, 0.001);
    const fraction = totalBytes > 0 ? Math.min(bytesDone / totalBytes, 1) : 1;
    const rate = (accounts - startAccounts) / elapsed;
    const byteRate = (bytesDone - startBytes) / elapsed;
    const eta = final ? 0 : byteRate > 0 ? (totalBytes - bytesDone) / byteRate : Infinity;
    const stats = `${(fraction * 100).toFixed(1).padStart(5)}% ${unit ? `${bytesDone.toLocaleString('en-US')}/${totalBytes.toLocaleString('en-US')} ${unit}` : `${formatBytes(bytesDone)}/${formatBytes(totalBytes)}`} ` +
      `${accounts.toLocaleString('en-US')} accounts ${Math.round(rate).toLocaleString('en-US')}/s ` +
      (final ? `in ${formatDuration(elapsed)}` : `ETA ${formatDuration(eta)}`);
    if (!stream.isTTY) return `${label} ${stats}`;
    const width = Math.max(10, Math.min(40, (stream.columns ?? 100) - stats.length - label.length - 4));
    const filled = Math.round(fraction * width);
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${stats}`;
  };

  return {
    update(state) {
      const t = now();
      if (t - lastDraw < (stream.isTTY ? TTY_REDRAW_MS : PLAIN_EVERY_MS)) return;
      lastDraw = t;
      stream.write(stream.isTTY ? `\r${line(state, false)}\x1b[K` : `${line(state, false)}\n`);
    },
    done(state) {
      stream.write(stream.isTTY ? `\r${line(state, true)}\x1b[K\n` : `${line(state, true)}\n`);
    },
  };
}
