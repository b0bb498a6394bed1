import fs from 'node:fs';
import { DatabaseHandle } from '../../src/app/app';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>).__TEST_DB__ as { handle: DatabaseHandle; dataDir: string } | undefined;
  if (!state) return;
  await state.handle.embedded?.stop();
  fs.rmSync(state.dataDir, { recursive: true, force: true });
}
