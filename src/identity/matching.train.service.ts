import { MatchingConfig } from './identity.config';
import { Database } from '../platform/neo4j/database';
import { blockingKeys } from './matching.blocking';
import { MatchModel } from './matching.model';
import { readTrainingAccounts, saveModel } from './matching.model.repository';
import { DEFAULT_TRAINING, trainModel, TrainingOptions } from './matching.training';

/**
 * Trains the matching model on every account in the graph, starting from the model matching uses now, stores it
 * (a MatchModel node with its training date) and returns it. Matching picks it up at the next start-up.
 */
export async function trainAndStore(db: Database, config: MatchingConfig, options: TrainingOptions = DEFAULT_TRAINING): Promise<MatchModel> {
  const accounts = await readTrainingAccounts(db);
  const model = trainModel(accounts, config, config.model, (a, degree) => blockingKeys(a, degree, config.identifierMaxAccounts), options);
  await saveModel(db, model);
  return model;
}
