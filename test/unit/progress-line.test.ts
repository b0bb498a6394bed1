import { progressLine } from '../../src/platform/progress.line';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, isTTY, write: (text: string) => writes.push(text) };
}

describe('progressLine', () => {
  it('redraws one line in place on a terminal, erasing what a longer report left, and ends it', () => {
    const tty = stream(true);
    const progress = progressLine(tty);
    progress.update('exported 10,000 members (1.0 s)');
    progress.update('exported 20,000 members (2.0 s)');
    progress.done('exported 25,000 members for SMS in 2.4 s');
    expect(tty.writes).toEqual(['\rexported 10,000 members (1.0 s)\x1b[K', '\rexported 20,000 members (2.0 s)\x1b[K', '\rexported 25,000 members for SMS in 2.4 s\x1b[K\n']);
  });

  it('writes whole lines to a pipe or a file, so reports never run together', () => {
    const pipe = stream(false);
    const progress = progressLine(pipe);
    progress.update('exported 10,000 members (1.0 s)');
    progress.done('exported 10,000 members for SMS in 1.1 s');
    expect(pipe.writes.join('').split('\n')).toEqual(['exported 10,000 members (1.0 s)', 'exported 10,000 members for SMS in 1.1 s', '']);
  });

  it('writes whole lines on a terminal that also shows the output (segment:export to stdout)', () => {
    const tty = stream(true);
    progressLine(tty, { sharedTerminal: true }).update('exported 10,000 members (1.0 s)');
    expect(tty.writes).toEqual(['exported 10,000 members (1.0 s)\n']);
  });
});
