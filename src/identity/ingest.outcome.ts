import { Account } from './account.type';
import { MatchDecision } from './matching.rules';

/** What ingesting one account decided: the answer of upsertAccount and of every line of an import. */
export interface IngestOutcome {
  account: Account;
  memberId: string;
  decision: MatchDecision;
  mergedMemberIds: string[];
}
