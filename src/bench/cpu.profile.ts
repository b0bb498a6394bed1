import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

/**
 * Records this process's main-thread CPU profile while `work` runs and writes it to `file` (a .cpuprofile that
 * Chrome DevTools or `speedscope` open). Unlike `node --cpu-prof`, which profiles the whole run, this covers one
 * side of one measurement, so the API's per-request work is not mixed with seeding or the floors' driver calls.
 */
export async function withCpuProfile<T>(file: string, work: () => Promise<T>): Promise<T> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    // 200 µs: fine enough for requests of 1–3 ms of CPU, coarse enough to cost little.
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    const result = await work();
    const { profile } = await session.post('Profiler.stop');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(profile));
    return result;
  } finally {
    session.disconnect();
  }
}
