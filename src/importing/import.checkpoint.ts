import fs from 'node:fs';

export interface ImportTotals {
  accounts: number;
  linked: number;
  review: number;
  newMembers: number;
  rejected: number;
}

/** Where an import stands after its last committed batch; the file's size and mtime tell whether it changed since. */
export interface Checkpoint {
  version: 1;
  file: string;
  size: number;
  mtimeMs: number;
  /** Byte offset just past the last line of the last committed batch. */
  offset: number;
  /** Number of that last line (1-based); the resumed run starts at the next one. */
  line: number;
  totals: ImportTotals;
  updatedAt: string;
}

export const emptyTotals = (): ImportTotals => ({ accounts: 0, linked: 0, review: 0, newMembers: 0, rejected: 0 });

/** The checkpoint to resume from, or null with the reason it cannot be used (none, unreadable, the file changed). */
export function readCheckpoint(path: string, file: fs.Stats): { checkpoint: Checkpoint | null; reason?: string } {
  if (!fs.existsSync(path)) return { checkpoint: null };
  let checkpoint: Checkpoint;
  try {
    checkpoint = JSON.parse(fs.readFileSync(path, 'utf8')) as Checkpoint;
  } catch {
    return { checkpoint: null, reason: `the checkpoint ${path} is unreadable` };
  }
  if (checkpoint.version !== 1 || typeof checkpoint.offset !== 'number' || typeof checkpoint.line !== 'number') {
    return { checkpoint: null, reason: `the checkpoint ${path} is not one this version wrote` };
  }
  if (checkpoint.size !== file.size || checkpoint.mtimeMs !== file.mtimeMs) {
    return { checkpoint: null, reason: 'the file changed since the checkpoint was written (size or modification time)' };
  }
  return { checkpoint };
}

/** Writes the checkpoint atomically (temporary file, fsync, rename), so a crash leaves the old one or the new one. */
export function writeCheckpoint(path: string, checkpoint: Checkpoint): void {
  const tmp = `${path}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, JSON.stringify(checkpoint, null, 2) + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, path);
}

export function removeCheckpoint(path: string): void {
  fs.rmSync(path, { force: true });
  fs.rmSync(`${path}.tmp`, { force: true });
}
