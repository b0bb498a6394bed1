import { MembershipConfig } from './membership.config';
import { Named, statement } from '../platform/neo4j/cypher';
import { Database } from '../platform/neo4j/database';
import { BENEFIT_SEEDS } from './benefit.catalog';
import { programDefinitions } from './program.catalog';

const seedPrograms = statement<Named<'programs'>>('membership/seed-programs', ['programs']);
const seedBenefits = statement<Named<'benefits'>>('membership/seed-benefits', ['benefits']);

/** Writes the programs (from configuration) and the benefit catalog; idempotent, run at every start-up. */
export async function seedCatalogs(db: Database, config: MembershipConfig): Promise<void> {
  await db.write(async (tx) => {
    await tx.run(seedPrograms, { programs: programDefinitions(config) });
    await tx.run(seedBenefits, { benefits: BENEFIT_SEEDS });
  }, 'seedCatalogs');
}
