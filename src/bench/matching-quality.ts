import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ingestAccount } from '../identity/ingest.service';
import { MatchDecision } from '../identity/matching.rules';
import { importNdjson } from '../importing/import.ndjson';
import { formatDuration } from '../importing/import.progress';
import { loadConfig } from '../app/config';
import { logger } from '../platform/logger';
import { Named, statement } from '../platform/neo4j/cypher';
import { openBenchDatabase, table } from './bench.database';
import { accountKey, AccountPattern, generateAccounts, writeDataset } from './people.generate';
import { emptyNoiseCounts } from './people.noise';
import { generateDenseAccounts } from './people.dense';
import { strongExactGroups } from './quality.baseline';
import { legacyLinks } from './quality.legacy';
import { blockingRecall, candidatesPerAccount, degrees, fellegiSunterLinks, groupsOfLinks, inMemoryAccounts } from './quality.memory';
import { pythonLinks } from './quality.python';
import { BlockKind, blockingKeys } from '../identity/matching.blocking';
import { HOUSEHOLD_RULES, Level, levelWeight, MATCH_RULES, MatchModel } from '../identity/matching.model';
import { trainAndStore } from '../identity/matching.train.service';
import { reexamineAllOverShared } from '../identity/overshared.service';
import { trainModel, TrainingAccount } from '../identity/matching.training';
import { PairMetrics, pairMetrics } from './quality.metrics';
import { UnionFind } from '../identity/union.find';
import { missCauses, unblockedParts } from './quality.misses';
import { evidenceCeiling, groupsAgree, pairEvidence, sharedSummary } from './quality.ceiling';
import { plannedMembers, PlannedQueue } from './quality.planned';

const accountsByPrefix = statement<Named<'prefix'>>('bench/accounts-by-prefix', ['prefix']);
const openReviewPairs = statement<Named<'prefix'>>('bench/open-review-pairs', ['prefix']);

/**
 * `npm run bench:quality -- [--people 5000] [--seed quality-1] [--noise 1] [--batch 2000] [--one-by-one] [--out file.json] [--baseline-only] [--memory-only] [--no-recordlinkage] [--no-splink] [--no-before] [--no-train] [--world sparse|dense] [--density 0.8]`
 *
 * Generates people with known truth, imports their accounts through the import module into a fresh database, reads
 * back which accounts share a member, and reports pairwise precision and recall of those links, the decisions per
 * kind of account, and in-memory baselines of exact matching on strong identifiers. `--one-by-one` imports through
 * upsertAccount's own path instead (ingestAccount, one transaction per account, in file order): the reference the
 * set-based import must equal. After training, the trained model is imported twice: with u from random pairs only
 * (before household-aware city u; `--no-before` skips it) and as trained; the last import is then re-examined for
 * over-shared identifiers (identity:reexamine) and measured again. Python recordlinkage (c) and Splink (d) run on the
 * same accounts' raw values unless `--no-recordlinkage` / `--no-splink`, with `--memory-only` too.
 */

function parseArgs(argv: string[]) {
  const flag = (name: string, fallback: string): string => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
  };
  return {
    world: flag('world', 'sparse'),
    density: Number(flag('density', '0.8')),
    people: Number(flag('people', argv.includes('dense') ? '8000' : '5000')),
    seed: flag('seed', 'quality-1'),
    noise: Number(flag('noise', '1')),
    batch: Number(flag('batch', '2000')),
    out: flag('out', '') || null,
    noRecordlinkage: argv.includes('--no-recordlinkage'),
    noSplink: argv.includes('--no-splink'),
    noBefore: argv.includes('--no-before'),
    noTrain: argv.includes('--no-train'),
    baselineOnly: argv.includes('--baseline-only'),
    memoryOnly: argv.includes('--memory-only'),
    showMisses: Number(flag('show-misses', '0')),
    oneByOne: argv.includes('--one-by-one'),
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function row(name: string, m: PairMetrics, reviewRecall?: number): (string | number)[] {
  return [name, m.predictedPairs, m.correctPairs, pct(m.precision), pct(m.recall), reviewRecall === undefined ? '' : pct(reviewRecall), pct(m.f1), m.members, m.mixedMembers ? `${m.mixedMembers} (${m.mostPeopleInOneMember})` : '0', m.wrongPairs.shopPhone, m.wrongPairs.household, m.wrongPairs.other];
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  logger.level = 'error';
  const prefix = 'mq';
  const noiseCounts = emptyNoiseCounts();
  if (args.world !== 'sparse' && args.world !== 'dense') throw new Error(`--world must be sparse or dense, got ${args.world}`);
  const accounts =
    args.world === 'dense'
      ? generateDenseAccounts({ people: args.people, seed: args.seed, prefix, density: args.density, noiseCounts })
      : generateAccounts({ people: args.people, seed: args.seed, prefix, noise: args.noise, noiseCounts });
  const personCount = new Set(accounts.map((a) => a.personId)).size;
  const world = args.world === 'dense' ? `dense world, phone block ${Math.round(args.density * 100)} % full` : `sparse people, noise ${args.noise}`;
  process.stderr.write(`generated ${personCount.toLocaleString('en-US')} people with ${accounts.length.toLocaleString('en-US')} accounts (seed ${args.seed}, ${world}: ${JSON.stringify(noiseCounts)})\n`);

  const matching = loadConfig().matching;
  const maxAccounts = matching.identifierMaxAccounts;
  const results: { name: string; metrics: PairMetrics; reviewRecall?: number }[] = [
    { name: 'baseline: strong identifiers, exact', metrics: pairMetrics(accounts, strongExactGroups(accounts)) },
    { name: `baseline: strong exact, identifiers on <= ${maxAccounts} accounts (hindsight)`, metrics: pairMetrics(accounts, strongExactGroups(accounts, maxAccounts)) },
  ];
  const memory = inMemoryAccounts(accounts);
  const memoryGivenDates = inMemoryAccounts(accounts, { idBirthDates: false });
  const indexOf = new Map(accounts.map((a, i) => [a, i]));
  const degree = degrees(memory);
  const notes: string[] = [];
  const recall = blockingRecall(accounts, memory, (a) => blockingKeys(a, (h) => degree.get(h) ?? 0, maxAccounts), matching.maxCandidates);
  const exact = (a: TrainingAccount) => ({ ...a, identifiers: a.identifiers.filter((i) => !i.kind.endsWith('~')) });
  const keysOf = (a: TrainingAccount, blocks: BlockKind[]) => blockingKeys(a, (h) => degree.get(h) ?? 0, maxAccounts).filter((k) => k.startsWith('id:') || blocks.some((b) => k.startsWith(`${b}:`)));
  const allBlocks = [BlockKind.CITY, BlockKind.DATE, BlockKind.INITIALS];
  const recallBefore = blockingRecall(accounts, memoryGivenDates, (a) => keysOf(exact(a), [BlockKind.CITY]), matching.maxCandidates);
  const recallBlocks = blockingRecall(accounts, memoryGivenDates, (a) => keysOf(exact(a), allBlocks), matching.maxCandidates);
  const recallDerived = blockingRecall(accounts, memoryGivenDates, (a) => keysOf(a, allBlocks), matching.maxCandidates);
  notes.push(
    `blocking alone, recall of true pairs (${matching.maxCandidates} accounts per block): ${pct(recallBefore)} with the keys before issue 11 (identifiers on <= ${maxAccounts} accounts, birth date + city), ` +
      `${pct(recallBlocks)} with the DATE and INITIALS blocks too, ${pct(recallDerived)} with derived identifier keys too, ` +
      `${pct(recall)} with the birth date of resident IDs too (what matching uses)`,
  );
  const perAccount = candidatesPerAccount(memory, (a) => blockingKeys(a, (h) => degree.get(h) ?? 0, maxAccounts), matching.maxCandidates);
  notes.push(`candidates per account (blocking's keys in memory, the graph's cut): mean ${perAccount.mean.toFixed(1)}, 95th percentile ${perAccount.p95}, largest ${perAccount.max}`);
  const ceiling = evidenceCeiling(accounts, memory, degree, matching);
  notes.push(`ceiling: ${pct(ceiling.pairwise)} of true pairs are joined (transitively, within each person) by evidence a careful human links on ` +
    `(a strong identifier the same or a typo apart, not over-shared; name and birth date each the same or a typo apart; a device with a close name or the same birth date), ` +
    `${pct(ceiling.memberLevel)} when groups of a person's accounts are compared on what they carry together (quality.ceiling.ts); pairs by first evidence: ${JSON.stringify(ceiling.byEvidence)}`);
  const legacy = groupsOfLinks(accounts.length, legacyLinks(memoryGivenDates, maxAccounts, matching.maxCandidates));
  results.push({ name: '(a) the rules before (noisy-OR), in memory over their blocking', metrics: pairMetrics(accounts, (a) => legacy(indexOf.get(a)!)) });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-quality-'));
  // Removed however the run ends (main's catch exits the process too).
  process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));
  if (!args.noRecordlinkage) {
    const rl = pythonLinks('recordlinkage_dedupe.py', accounts, memory, work);
    const groups = groupsOfLinks(accounts.length, rl.links);
    results.push({ name: '(c) Python recordlinkage 0.16, ECM (unsupervised), raw values', metrics: pairMetrics(accounts, (a) => groups(indexOf.get(a)!)) });
    notes.push(`recordlinkage: ${rl.candidatePairs.toLocaleString('en-US')} candidate pairs, ${rl.links.length.toLocaleString('en-US')} links, ${rl.seconds} s`);
  }
  if (!args.noSplink) {
    const splink = pythonLinks('splink_dedupe.py', accounts, memory, work);
    const groups = groupsOfLinks(accounts.length, splink.links);
    results.push({ name: '(d) Splink 5.0 (DuckDB), EM-trained, raw values', metrics: pairMetrics(accounts, (a) => groups(indexOf.get(a)!)) });
    const { peakRssMb, links, weights } = splink.summary as { peakRssMb: number; links: number; weights?: Record<string, string> };
    notes.push(`Splink: ${splink.candidatePairs.toLocaleString('en-US')} candidate pairs scored, ${links.toLocaleString('en-US')} pairs at match probability >= 0.9, ${splink.seconds} s, ` +
      `peak RSS ${peakRssMb.toLocaleString('en-US')} MB; match weights: ${Object.entries(weights ?? {}).map(([c, w]) => `${c} ${w}`).join('; ')}`);
  }
  let decisions = new Map<string, MatchDecision>();
  /** The share of accounts the import decided REVIEW, and the open review queue: its size, its subjects, and the reviews whose two accounts are already in one member. */
  const queueSummary = (open: Record<string, unknown>[], memberOf: Map<string, string>): string => {
    const reviewed = [...decisions.values()].filter((d) => d === MatchDecision.REVIEW).length;
    const subjects = new Set(open.map((r) => accountKey(r.app as string, r.externalId as string)));
    const within = open.filter((r) => memberOf.get(accountKey(r.app as string, r.externalId as string)) === memberOf.get(accountKey(r.candidateApp as string, r.candidateExternalId as string))).length;
    return `${pct(reviewed / accounts.length)} of accounts decided REVIEW; ${open.length.toLocaleString('en-US')} open reviews, ${pct(subjects.size / accounts.length)} of accounts the subject of one, ${within} between two accounts of one member`;
  };
  const misses: string[] = [];
  let importSeconds = 0;

  /** Imports every account into a fresh database with `model` (the starting model when null) and reads back the grouping. */
  const run = async (label: string, model: MatchModel | null, train: boolean, reexamine = false): Promise<MatchModel | null> => {
    const file = path.join(work, 'people.ndjson');
    writeDataset(accounts, file, path.join(work, 'people.truth.tsv'));
    const bench = await openBenchDatabase('bench-quality', { NEO4J_QUERY_TIMEOUT_MS: '120000' });
    decisions = new Map();
    try {
      if (model) bench.config.matching.model = model;
      const started = Date.now();
      if (args.oneByOne) {
        for (const [i, account] of accounts.entries()) {
          const outcome = await ingestAccount(bench.db, bench.config, account.input);
          decisions.set(accountKey(account.input.app, account.input.externalId), outcome.decision);
          if ((i + 1) % 500 === 0) process.stderr.write(`one by one: ${i + 1}/${accounts.length} accounts, ${Math.round((i + 1) / ((Date.now() - started) / 1000))}/s\n`);
        }
      } else {
        await importNdjson(bench.db, bench.config, file, {
          batchSize: args.batch,
          transactionTimeoutMs: bench.config.neo4j.queryTimeoutMs,
          onBatch: ({ inputs, outcomes }) => inputs.forEach((input, i) => decisions.set(accountKey(input.app, input.externalId), outcomes[i].decision)),
        });
      }
      importSeconds = (Date.now() - started) / 1000;
      notes.push(`${label}: import took ${formatDuration(importSeconds)} (${Math.round(accounts.length / importSeconds)} accounts/s)`);
      const rows = await bench.db.readOne(accountsByPrefix, { prefix: `${prefix}-` });
      const memberOf = new Map(rows.map((r) => [accountKey(r.app as string, r.externalId as string), (r.memberId as string | null) ?? `none:${r.externalId}`]));
      if (memberOf.size !== accounts.length) throw new Error(`expected ${accounts.length} accounts in the graph, found ${memberOf.size}`);
      // A review is a found match awaiting a human: recall counting it found joins each open review's two members.
      const reviewRecall = async (memberOfAccount: Map<string, string>): Promise<number> => {
        const uf = new UnionFind();
        for (const r of await bench.db.readOne(openReviewPairs, { prefix: `${prefix}-` })) {
          const a = memberOfAccount.get(accountKey(r.app as string, r.externalId as string));
          const c = memberOfAccount.get(accountKey(r.candidateApp as string, r.candidateExternalId as string));
          if (a && c) uf.union(a, c);
        }
        return pairMetrics(accounts, (a) => uf.find(memberOfAccount.get(accountKey(a.input.app, a.input.externalId))!)).recall;
      };
      results.push({ name: label, metrics: pairMetrics(accounts, (a) => memberOf.get(accountKey(a.input.app, a.input.externalId))!), reviewRecall: await reviewRecall(memberOf) });
      notes.push(`${label}: ${queueSummary(await bench.db.readOne(openReviewPairs, { prefix: `${prefix}-` }), memberOf)}`);
      if (reexamine) {
        // What `npm run identity:reexamine` does after a bulk load: the links of identifiers that passed the limit.
        const reexamineStarted = Date.now();
        const outcome = await reexamineAllOverShared(bench.db, bench.config);
        notes.push(`identity:reexamine after that import: ${((Date.now() - reexamineStarted) / 1000).toFixed(1)} s, ${outcome.identifiers} over-shared identifiers, ` +
          `${outcome.members} members re-examined, ${outcome.splits} splits (${outcome.accountsMoved} accounts moved), ${outcome.kept} kept with a review`);
        const after = await bench.db.readOne(accountsByPrefix, { prefix: `${prefix}-` });
        const memberAfter = new Map(after.map((r) => [accountKey(r.app as string, r.externalId as string), (r.memberId as string | null) ?? `none:${r.externalId}`]));
        results.push({ name: `${label}, then over-shared identifiers re-examined`, metrics: pairMetrics(accounts, (a) => memberAfter.get(accountKey(a.input.app, a.input.externalId))!), reviewRecall: await reviewRecall(memberAfter) });
        if (model) {
          const causes = missCauses(accounts, memory, (i) => memberAfter.get(accountKey(accounts[i].input.app, accounts[i].input.externalId))!, (a) => blockingKeys(a, (h) => degree.get(h) ?? 0, maxAccounts), degree, { ...matching, model });
          const total = (cause: string) => causes.filter((c) => c.cause === cause).reduce((sum, c) => sum + c.pairs, 0);
          misses.push(`False negatives of "${label}" by cause (true pairs in different members; the best pair between the two parts, scored in memory with this model): ` +
            ['NOT_BLOCKED', 'NO_MATCH', 'REVIEW', 'LINK'].map((c) => `${c} ${total(c).toLocaleString('en-US')}`).join(', ') + ' (LINK: refused by the per-app limit or a merge order)');
          misses.push('');
          misses.push(table(['cause', 'levels of the best pair', 'true pairs'], causes.slice(0, 15).map((c) => [c.cause, c.levels, c.pairs])));
        }
      }
      if (!train) return null;
      const trainingStarted = Date.now();
      const trained = await trainAndStore(bench.db, bench.config.matching);
      notes.push(`match:train on that graph: ${((Date.now() - trainingStarted) / 1000).toFixed(1)} s, ${trained.trainingPairs.candidates.toLocaleString('en-US')} candidate pairs, prior ${trained.priorWeight.toFixed(2)} bits; ` +
        MATCH_RULES.map((rule) => `${rule} ${Object.keys(trained.m[rule]).map((l) => `${l} ${levelWeight(trained, rule, l as Level).toFixed(1)}`).join('/')}`).join('; ') +
        (trained.uSharedDevice ? `; given a shared DEVICE_ID: ${HOUSEHOLD_RULES.map((rule) => `${rule} ${Object.keys(trained.m[rule]).map((l) => `${l} ${levelWeight(trained, rule, l as Level, true).toFixed(1)}`).join('/')}`).join('; ')}` : ''));
      return trained;
    } finally {
      await bench.close();
    }
  };

  if (args.memoryOnly) {
    // No database: the model trained in memory on the accounts, its decisions replayed pairwise (fellegiSunterLinks).
    const started = Date.now();
    const blockKeys = (a: TrainingAccount) => blockingKeys(a, (h) => degree.get(h) ?? 0, maxAccounts);
    const startingLinks = groupsOfLinks(accounts.length, fellegiSunterLinks(memory, blockKeys, degree, matching));
    results.push({ name: '(b0) Fellegi–Sunter, starting model, in memory (pairwise LINK decisions joined transitively)', metrics: pairMetrics(accounts, (a) => startingLinks(indexOf.get(a)!)) });
    const model = trainModel(memory, matching, matching.model, (a, d) => blockingKeys(a, d, maxAccounts));
    const trainedSeconds = (Date.now() - started) / 1000;
    const links = groupsOfLinks(accounts.length, fellegiSunterLinks(memory, blockKeys, degree, { ...matching, model }));
    notes.push(`in memory: trained in ${trainedSeconds.toFixed(1)} s (${model.trainingPairs.candidates.toLocaleString('en-US')} candidate pairs, prior ${model.priorWeight.toFixed(2)} bits), replayed in ${((Date.now() - started) / 1000 - trainedSeconds).toFixed(1)} s`);
    results.push({ name: '(b) Fellegi–Sunter, EM-trained, in memory (pairwise LINK decisions joined transitively)', metrics: pairMetrics(accounts, (a) => links(indexOf.get(a)!)) });
    // The import's decisions (joins, merges and the bridge guard), planned in memory: with identifiers verified as
    // generated, and with every identifier treated as verified (any evidence bridges members: matching before the guard).
    const queueNote = (label: string) => (q: PlannedQueue) => {
      notes.push(`${label}, planned in memory: ${pct(q.decidedReview / accounts.length)} of accounts decided REVIEW; ${q.openReviews.toLocaleString('en-US')} open reviews, ${pct(q.subjects / accounts.length)} of accounts the subject of one; ${q.settled} settled by a later join in one member`);
      misses.push(`${label}, planned in memory: reviews by the levels of the account's best comparison, and wrong links by the comparison they were decided on ((v): the account verified it)`, '');
      misses.push(table(['', 'levels', 'accounts'], [...q.reviewsBy.map(([k, n]) => ['review', k, n]), ...q.wrongLinksBy.map(([k, n]) => ['wrong link', k, n])]), '');
    };
    const startingPlanned = plannedMembers(accounts, matching, { everyIdentifierVerified: false }, queueNote('starting model'));
    results.push({ name: "(b0') Fellegi–Sunter, starting model, the import's decisions planned in memory (one batch, verified identifiers as generated)", metrics: pairMetrics(accounts, (a) => startingPlanned(indexOf.get(a)!)) });
    for (const everyIdentifierVerified of [false, true]) {
      const planned = plannedMembers(accounts, { ...matching, model }, { everyIdentifierVerified }, everyIdentifierVerified ? undefined : queueNote('EM-trained model'));
      const name = everyIdentifierVerified ? "(b'') the same, every identifier treated as verified (bridges on any evidence, as before issue 28)" : "(b') Fellegi–Sunter, EM-trained, the import's decisions planned in memory (one batch, verified identifiers as generated)";
      results.push({ name, metrics: pairMetrics(accounts, (a) => planned(indexOf.get(a)!)) });
    }
    const causes = missCauses(accounts, memory, links, blockKeys, degree, { ...matching, model });
    const total = (cause: string) => causes.filter((c) => c.cause === cause).reduce((sum, c) => sum + c.pairs, 0);
    misses.push(`False negatives in memory by cause: ${['NOT_BLOCKED', 'NO_MATCH', 'REVIEW', 'LINK'].map((c) => `${c} ${total(c).toLocaleString('en-US')}`).join(', ')}`, '');
    misses.push(table(['cause', 'levels of the best pair', 'true pairs'], causes.slice(0, 15).map((c) => [c.cause, c.levels, c.pairs])), '');
    misses.push(...unblockedReport(unblockedParts(accounts, memory, links, blockKeys, matching.maxCandidates)));
  }
  /** The parts of a person blocking never brought together: what they share, and a sample with the fields before and after noise. */
  function unblockedReport(parts: [number[], number[]][]): string[] {
    const counts = new Map<string, number>();
    const pairsOf = (x: number[], y: number[]) => x.length * y.length;
    const withEvidence: [number[], number[], string][] = [];
    const without: [number[], number[], string][] = [];
    for (const [x, y] of parts) {
      const evidence = x.flatMap((i) => y.map((j) => pairEvidence(memory[i], memory[j], degree, matching))).find(Boolean);
      const rank = (i: number, j: number) => sharedSummary(memory[i], memory[j], matching).split(/EXACT|CLOSE/).length;
      const best = x.flatMap((i) => y.map((j) => [i, j] as const)).sort((p, q) => rank(q[0], q[1]) - rank(p[0], p[1]))[0];
      const key = evidence ? `pairwise ${evidence}` : groupsAgree(x, y, memory, matching) ? 'member-level NAME_BIRTH' : `none: ${sharedSummary(memory[best[0]], memory[best[1]], matching)}`;
      counts.set(key, (counts.get(key) ?? 0) + pairsOf(x, y));
      (key.startsWith('none') ? without : withEvidence).push([x, y, key]);
    }
    const out = ['Never proposed by blocking, by what the two parts share (true pairs; "none": the best pair\'s levels):', ''];
    out.push(table(['evidence', 'true pairs'], [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, v])), '');
    if (args.showMisses > 0) {
      const clean = generateAccounts({ people: args.people, seed: args.seed, prefix, noise: 0 });
      const show = (i: number) => {
        const fields = (input: typeof accounts[number]['input']) => `${input.displayName ?? '-'} | ${input.birthDate ?? '-'} | ${input.city ?? '-'} | ${input.identifiers.map((d) => `${d.kind}:${d.value}`).join(' ')}`;
        const noisy = fields(accounts[i].input);
        const before = fields(clean[i].input);
        return `  ${accounts[i].pattern.padEnd(9)} ${accounts[i].input.app.padEnd(13)} ${noisy}${before === noisy ? '' : `   (before noise: ${before})`}`;
      };
      for (const [label, list] of [['with evidence', withEvidence], ['with no evidence a careful human links on', without]] as const) {
        out.push(`A sample of the unblocked parts ${label} (${list.length}):`, '');
        const step = Math.max(1, Math.floor(list.length / args.showMisses));
        for (let k = 0; k < list.length && k / step < args.showMisses; k += step) {
          const [x, y, key] = list[k];
          out.push(`${accounts[x[0]].personId} (${key}):`, ...x.map(show), '  --', ...y.map(show), '');
        }
      }
    }
    return out;
  }

  if (!args.baselineOnly && !args.memoryOnly) {
    const trained = await run(`(b0) Fellegi–Sunter, starting model (today's weights)${args.oneByOne ? ', one by one' : ''}`, null, !args.noTrain);
    if (trained?.uSharedDevice && !args.noBefore) {
      // The same trained model with u from random pairs only (as before household-aware u), for the comparison.
      const { uSharedDevice: _, ...independent } = trained;
      await run(`(b) Fellegi–Sunter, EM-trained, city u from random pairs only (before)${args.oneByOne ? ', one by one' : ''}`, independent, false);
    }
    if (trained) await run(`(b) Fellegi–Sunter, EM-trained model${trained?.uSharedDevice ? ', household-aware city u' : ''}${args.oneByOne ? ', one by one' : ''}`, trained, false, !args.oneByOne);
  }

  const out: string[] = [];
  out.push(`${personCount.toLocaleString('en-US')} people, ${accounts.length.toLocaleString('en-US')} accounts, ${results[0].metrics.truePairs.toLocaleString('en-US')} true pairs`);
  out.push('');
  for (const note of notes) out.push(`- ${note}`);
  out.push('');
  out.push(table(['method', 'linked pairs', 'correct', 'precision', 'recall', 'recall, reviews found', 'F1', 'members', 'mixed members (most people)', 'wrong: same shop phone', 'wrong: same household', 'wrong: other (chained)'], results.map((r) => row(r.name, r.metrics, r.reviewRecall))));

  if (misses.length) out.push('', ...misses);
  if (decisions.size) {
    const patterns: AccountPattern[] = ['FIRST', 'STRONG', 'NAME_TYPO'];
    const labels: Record<AccountPattern, string> = {
      FIRST: "a person's first account",
      STRONG: 'shares a strong identifier with an earlier account',
      NAME_TYPO: 'only name (with a typo), birth date, city',
    };
    const counts = patterns.map((p) => {
      const of = accounts.filter((a) => a.pattern === p);
      const n = (d: MatchDecision) => of.filter((a) => decisions.get(accountKey(a.input.app, a.input.externalId)) === d).length;
      return [labels[p], of.length, n(MatchDecision.LINK), n(MatchDecision.REVIEW), n(MatchDecision.NO_MATCH)];
    });
    const review = accounts.filter((a) => decisions.get(accountKey(a.input.app, a.input.externalId)) === MatchDecision.REVIEW);
    out.push('');
    out.push('Decisions by kind of account (file order is shuffled, so a "first" account may arrive after its siblings):');
    out.push('');
    out.push(table(['account', 'accounts', 'LINK', 'REVIEW', 'NO_MATCH'], counts));
    out.push('');
    // A name-typo account can only be reviewed against an earlier account of its person that has both birth date and
    // city: that pair is what the (birthDate, city) blocking finds.
    const seenWithProfile = new Set<string>();
    let reviewable = 0;
    let reviewableReviewed = 0;
    for (const a of accounts) {
      if (a.pattern === 'NAME_TYPO' && seenWithProfile.has(a.personId)) {
        reviewable++;
        if (decisions.get(accountKey(a.input.app, a.input.externalId)) === MatchDecision.REVIEW) reviewableReviewed++;
      }
      if (a.input.birthDate && a.input.city) seenWithProfile.add(a.personId);
    }
    out.push(`name-typo accounts arriving after an account of the same person with birth date and city: ${reviewable}, of which ${reviewableReviewed} sent to review (${pct(reviewable ? reviewableReviewed / reviewable : 0)})`);
    out.push(`review candidates: ${review.length.toLocaleString('en-US')} accounts sent to review` +
      ` (${review.filter((a) => a.pattern === 'NAME_TYPO').length} of them name-typo accounts, ${review.filter((a) => a.shopPhone).length} carry a shop phone, ${review.filter((a) => a.familyDevice).length} a household device)`);
  }
  process.stdout.write(out.join('\n') + '\n');
  if (args.out) {
    const decisionCounts = [...decisions.values()].reduce<Record<string, number>>((acc, d) => ({ ...acc, [d]: (acc[d] ?? 0) + 1 }), {});
    fs.writeFileSync(args.out, JSON.stringify({ args, people: personCount, accounts: accounts.length, importSeconds, results, decisionCounts }, null, 2) + '\n');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
