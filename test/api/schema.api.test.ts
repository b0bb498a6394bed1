import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, isObjectType } from 'graphql';
import { generateSdl, SCHEMA_FILE } from '../../src/scripts/emit-schema';

const ROOT = path.resolve(__dirname, '..', '..');

describe('the checked-in schema', () => {
  it('is what the resolvers generate (run `npm run schema` after changing them)', () => {
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(generateSdl());
  });

  // The project's own copy of the client contract and its check (contract/, synced from ../shared, see README Tests),
  // so the suite passes in a clone that has no ../shared beside it. Names the contract has and the schema has not
  // built yet are pending; a name with another type, or a new required argument, fails.
  it('meets the client contract (every name it has, with its type)', () => {
    const contractCheck = path.join(ROOT, 'contract', 'tools', 'check-contract.mjs');
    const out = execFileSync('node', [contractCheck, '--pending-ok', SCHEMA_FILE], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toMatch(/^contract: (all names present|no mismatches; \d+ names pending)$/m);
    expect(out).not.toMatch(/ is a new required argument| the contract has /);
  });

  it('lists every field\'s arguments in the order its resolver declares them, as the contract writes them', () => {
    const sdl = fs.readFileSync(SCHEMA_FILE, 'utf8');
    expect(sdl).toContain('aiplFunnel(brandId: ID!, from: DateTime, to: DateTime): AiplFunnel!');
    expect(sdl).toContain('leaderboard(metric: MemberOpsMetric!, industry: String!, from: DateTime!, to: DateTime!, first: Int = 20)');
    const ours = buildSchema(sdl);
    const contract = buildSchema(fs.readFileSync(path.join(ROOT, 'contract', 'contract.graphql'), 'utf8'));
    const misordered: string[] = [];
    let compared = 0;
    for (const type of Object.values(contract.getTypeMap())) {
      const mine = ours.getType(type.name);
      if (!isObjectType(type) || !isObjectType(mine)) continue;
      for (const field of Object.values(type.getFields())) {
        const names = field.args.map((a) => a.name);
        const actual = (mine.getFields()[field.name]?.args ?? []).map((a) => a.name).filter((n) => names.includes(n));
        if (names.length < 2 || actual.length < 2) continue;
        compared += 1;
        if (actual.join() !== names.filter((n) => actual.includes(n)).join()) misordered.push(`${type.name}.${field.name}(${actual.join(', ')})`);
      }
    }
    expect(compared).toBeGreaterThan(10);
    expect(misordered).toEqual([]);
  });
});
