import { Named, statement } from '../platform/neo4j/cypher';
import { cypherInt, Database } from '../platform/neo4j/database';
import { MatchModel, upgradeModel } from './matching.model';
import { TrainingAccount } from './matching.training';

const matchModel = statement<Named<'id'>>('identity/match-model', ['id']);
const saveMatchModel = statement<Named<'id' | 'trainedAt' | 'parameters' | 'accounts' | 'candidatePairs' | 'randomPairs'>>('identity/save-match-model', [
  'id',
  'trainedAt',
  'parameters',
  'accounts',
  'candidatePairs',
  'randomPairs',
]);
const trainingAccounts = statement<Named<'after' | 'limit'>>('identity/training-accounts', ['after', 'limit']);

const CURRENT = 'current';
const PAGE = 20_000;

/** The trained model stored in the graph, or null when none has been trained. */
export async function loadMatchModel(db: Database): Promise<MatchModel | null> {
  const [row] = await db.readOne(matchModel, { id: CURRENT });
  return row ? upgradeModel(JSON.parse(row.parameters as string) as MatchModel) : null;
}

export async function saveModel(db: Database, model: MatchModel): Promise<void> {
  await db.writeOne(saveMatchModel, {
    id: CURRENT,
    trainedAt: model.trainedAt,
    parameters: JSON.stringify(model),
    accounts: cypherInt(model.trainingPairs.accounts),
    candidatePairs: cypherInt(model.trainingPairs.candidates),
    randomPairs: cypherInt(model.trainingPairs.random),
  });
}

/** Every account with its identifiers, a page at a time by id. */
export async function readTrainingAccounts(db: Database): Promise<TrainingAccount[]> {
  const out: TrainingAccount[] = [];
  for (let after = ''; ; ) {
    const rows = await db.readOne(trainingAccounts, { after, limit: cypherInt(PAGE) });
    for (const row of rows) out.push(row as unknown as TrainingAccount);
    if (rows.length < PAGE) return out;
    after = rows[rows.length - 1].id as string;
  }
}
