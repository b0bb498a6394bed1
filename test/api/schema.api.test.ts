import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { generateSdl, SCHEMA_FILE } from '../../src/scripts/emit-schema';

const ROOT = path.resolve(__dirname, '..', '..');

describe('the checked-in schema', () => {
  it('is what the resolvers generate (run `npm run schema` after changing them)', () => {
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(generateSdl());
  });

  it('meets the client contract (every name, with its type)', () => {
    const contractCheck = path.join(ROOT, '..', 'shared', 'tools', 'check-contract.mjs');
    const out = execFileSync('node', [contractCheck, SCHEMA_FILE], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toMatch(/contract: all names present/);
  });
});
