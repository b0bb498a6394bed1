import fs from 'node:fs';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { AccountInput } from '../identity/account.input';
import { APPS } from '../identity/app.registry';
import { IdentifierKind } from '../identity/identifier.kind';
import { addNoise, emptyNoiseCounts, NoiseCounts } from './people.noise';
import { Prng } from './prng';

/**
 * Synthetic people with known truth, for measuring matching quality and for scale tests.
 *
 * Every person has 1–6 accounts on distinct apps. Each account after a person's first is one of:
 * - STRONG: shares at least one strong identifier (phone, email, payment id, ID document) with an earlier account
 *   of the same person — a matcher should link it;
 * - NAME_TYPO: shares nothing but the name (with one typo), birth date and city — it should go to review, not link.
 * Traps that must not link different people: a household shares a home DEVICE_ID across its members, and a few shop
 * phones (a parcel station's, a restaurant's) appear on hundreds of different people's delivery accounts.
 */

export type AccountPattern = 'FIRST' | 'STRONG' | 'NAME_TYPO';

export interface GeneratedAccount {
  input: AccountInput;
  personId: string;
  householdId: string;
  pattern: AccountPattern;
  /** The shop phone the account carries besides its own, if any. */
  shopPhone: string | null;
  /** The household's shared device the account carries, if any. */
  familyDevice: string | null;
}

export interface GeneratedPerson {
  id: string;
  householdId: string;
  displayName: string;
  accounts: GeneratedAccount[];
}

export interface GenerateOptions {
  /** How many people (households are filled up to this count). */
  people: number;
  /** Decides everything about the people; the same seed gives the same people. */
  seed: string | number;
  /** Starts every externalId, so several sets can live in one graph. */
  prefix: string;
  /** Decides the shop phones; sets with the same world seed share them, as accounts of one city would. */
  worldSeed?: string | number;
  /** Probability that a delivery-type account also carries a shop phone. */
  shopPhoneRate?: number;
  /** Noise in every field (people.noise.ts): 0, the default, for none; 1 for realistic rates. */
  noise?: number;
  /** Filled with how many fields the noise changed. */
  noiseCounts?: NoiseCounts;
}

/**
 * Surnames with their share of the population in tenths of a percent (Wang 7.1 %, Li 7.0 %, Zhang 6.7 %, ...): the
 * ranking of the Ministry of Public Security's household-registration statistics (2007; the 2019 全国姓名报告 keeps the
 * same top five), rounded.
 */
export const SURNAMES: [string, number][] = [
  ['Wang', 71], ['Li', 70], ['Zhang', 67], ['Liu', 54], ['Chen', 45], ['Yang', 31], ['Huang', 22], ['Zhao', 20], ['Wu', 20],
  ['Zhou', 19], ['Xu', 13], ['Sun', 13], ['Ma', 12], ['Zhu', 12], ['Hu', 11], ['Guo', 11], ['He', 10], ['Gao', 10], ['Lin', 10],
  ['Luo', 9], ['Zheng', 9], ['Liang', 8], ['Xie', 7], ['Song', 6], ['Tang', 6], ['Han', 6], ['Feng', 5], ['Deng', 5], ['Cao', 5],
  ['Peng', 5], ['Zeng', 5], ['Xiao', 5], ['Tian', 5], ['Dong', 5], ['Pan', 4], ['Yuan', 4], ['Cai', 4], ['Jiang', 4], ['Yu', 4],
  ['Du', 4], ['Ye', 4], ['Cheng', 4], ['Wei', 3], ['Su', 3], ['Lyu', 3], ['Ding', 3], ['Ren', 3], ['Lu', 3], ['Yao', 3], ['Shen', 3],
  ['Zhong', 3], ['Cui', 2], ['Tan', 2], ['Fan', 2], ['Liao', 2], ['Shi', 2], ['Jin', 2], ['Qian', 2], ['Fu', 2], ['Kong', 1],
];
const SYLLABLES = [
  'wei', 'fang', 'na', 'min', 'jing', 'li', 'qiang', 'lei', 'jun', 'yang', 'yong', 'yan', 'jie', 'juan', 'tao', 'ming', 'chao', 'xiu',
  'ying', 'xia', 'ping', 'gang', 'gui', 'hua', 'hong', 'hui', 'jian', 'bo', 'xin', 'yu', 'hao', 'zi', 'han', 'yi', 'xuan', 'chen',
  'rui', 'ting', 'qian', 'lin', 'mei', 'lan', 'feng', 'bin', 'kai', 'peng', 'fei', 'dan', 'ning', 'yun', 'qing', 'zhi', 'long',
  'xiang', 'hai', 'shan', 'lu', 'meng', 'jia', 'xue', 'yue', 'shu', 'wen', 'dong', 'cheng', 'ze', 'yuan', 'si', 'tian', 'kang',
  'le', 'nan', 'an', 'yao', 'rong', 'qi', 'xiao', 'zhen', 'bing', 'lang', 'hang', 'fan', 'shuang', 'guang', 'ke', 'wu', 'zhuo',
];
/** City and the region code its ID documents start with. */
const CITIES: [string, string, number][] = [
  ['Shanghai', '310101', 10], ['Beijing', '110101', 10], ['Guangzhou', '440103', 8], ['Shenzhen', '440303', 8], ['Chengdu', '510104', 7],
  ['Hangzhou', '330102', 7], ['Chongqing', '500101', 7], ['Wuhan', '420102', 6], ['Xi\'an', '610102', 5], ['Nanjing', '320102', 5],
  ['Tianjin', '120101', 5], ['Suzhou', '320505', 5], ['Changsha', '430102', 4], ['Zhengzhou', '410102', 4], ['Shenyang', '210102', 3],
  ['Qingdao', '370202', 3], ['Xiamen', '350203', 3], ['Kunming', '530102', 3], ['Harbin', '230102', 2], ['Dalian', '210202', 2],
  ['Hefei', '340102', 2], ['Fuzhou', '350102', 2], ['Jinan', '370102', 2], ['Nanning', '450102', 2],
];
const EMAIL_DOMAINS = ['qq.com', '163.com', '126.com', 'sina.com', 'foxmail.com', 'outlook.com', 'gmail.com', 'aliyun.com'];

/** Which identifier kinds each app collects; every app collects a phone. */
const APP_KINDS: Record<string, IdentifierKind[]> = {
  TAOBAO: [IdentifierKind.PHONE, IdentifierKind.EMAIL, IdentifierKind.DEVICE_ID],
  TMALL: [IdentifierKind.PHONE, IdentifierKind.DEVICE_ID],
  ALIPAY: [IdentifierKind.PHONE, IdentifierKind.PAYMENT_ID, IdentifierKind.ID_DOCUMENT, IdentifierKind.DEVICE_ID],
  ELEME: [IdentifierKind.PHONE, IdentifierKind.DEVICE_ID],
  YOUKU: [IdentifierKind.PHONE, IdentifierKind.EMAIL, IdentifierKind.DEVICE_ID],
  FLIGGY: [IdentifierKind.PHONE, IdentifierKind.ID_DOCUMENT, IdentifierKind.EMAIL],
  AMAP: [IdentifierKind.PHONE, IdentifierKind.DEVICE_ID],
  TAOPIAOPIAO: [IdentifierKind.PHONE, IdentifierKind.PAYMENT_ID, IdentifierKind.DEVICE_ID],
  KOUBEI: [IdentifierKind.PHONE, IdentifierKind.PAYMENT_ID],
  ALIHEALTH: [IdentifierKind.PHONE, IdentifierKind.ID_DOCUMENT],
  CAINIAO: [IdentifierKind.PHONE],
  NETEASE_MUSIC: [IdentifierKind.PHONE, IdentifierKind.EMAIL, IdentifierKind.DEVICE_ID],
};
/** Apps where people give a pick-up point's or a shop's phone instead of, or besides, their own. */
const SHOP_PHONE_APPS = new Set(['ELEME', 'CAINIAO', 'KOUBEI', 'TAOBAO', 'TMALL']);
/** Apps a household's shared tablet or TV is used for. */
const FAMILY_DEVICE_APPS = new Set(['YOUKU', 'TAOPIAOPIAO', 'NETEASE_MUSIC', 'ELEME', 'AMAP', 'TAOBAO']);
const STRONG_KINDS = [IdentifierKind.PHONE, IdentifierKind.EMAIL, IdentifierKind.PAYMENT_ID, IdentifierKind.ID_DOCUMENT];
const SHOP_PHONES_MAX = 50;

/**
 * Mainland mobile prefixes (4 digits) that libphonenumber accepts as valid, computed once so each number needs no check.
 * 199 is left out: the tests' own random phones use it.
 */
const MOBILE_PREFIXES: string[] = (() => {
  const out: string[] = [];
  for (let p = 1300; p <= 1989; p++) {
    const prefix = String(p);
    if (['1234567', '0000000', '9999999', '5081234'].every((rest) => isValidPhoneNumber(prefix + rest, 'CN'))) out.push(prefix);
  }
  return out;
})();

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** An 18-character resident ID with a valid ISO 7064 MOD 11-2 check character. */
function residentId(prng: Prng, region: string, birthDate: string): string {
  const body = region + birthDate.replace(/-/g, '') + prng.digits(3);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * ID_WEIGHTS[i];
  return body + ID_CHECK[sum % 11];
}

function mobile(prng: Prng): string {
  return prng.pick(MOBILE_PREFIXES) + prng.digits(7);
}

function isoDate(year: number, dayOfYear: number): string {
  return new Date(Date.UTC(year, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
}

const capital = (s: string): string => s[0].toUpperCase() + s.slice(1);

const NEIGHBOURS: Record<string, string> = {
  a: 'sq', b: 'vn', c: 'xv', d: 'sf', e: 'wr', f: 'dg', g: 'fh', h: 'gj', i: 'uo', j: 'hk', k: 'jl', l: 'k', m: 'n', n: 'bm',
  o: 'ip', p: 'o', q: 'w', r: 'et', s: 'ad', t: 'ry', u: 'yi', v: 'cb', w: 'qe', x: 'zc', y: 'tu', z: 'x',
};

/** One plausible typing or transcription mistake: a neighbouring key, a dropped, doubled or swapped letter, zh→z and the like. */
export function typo(prng: Prng, name: string): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const letters = [...name].map((ch, i) => ({ ch, i })).filter(({ ch }) => /[a-z]/i.test(ch));
    const { i } = prng.pick(letters);
    const kind = prng.int(0, 4);
    let out = name;
    if (kind === 0) {
      const lower = name[i].toLowerCase();
      const sub = prng.pick([...(NEIGHBOURS[lower] ?? 'e')]);
      out = name.slice(0, i) + (name[i] === lower ? sub : sub.toUpperCase()) + name.slice(i + 1);
    } else if (kind === 1 && i > 0 && /[a-z]/.test(name[i])) {
      out = name.slice(0, i) + name.slice(i + 1);
    } else if (kind === 2) {
      out = name.slice(0, i + 1) + name[i].toLowerCase() + name.slice(i + 1);
    } else if (kind === 3 && i + 1 < name.length && /[a-z]/.test(name[i]) && /[a-z]/.test(name[i + 1])) {
      out = name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
    } else if (kind === 4) {
      const swaps: [RegExp, string][] = [[/zh/i, 'z'], [/sh/i, 's'], [/ch/i, 'c'], [/ng\b/, 'n'], [/n\b/, 'ng'], [/\bL/, 'N']];
      const [pattern, replacement] = prng.pick(swaps);
      out = name.replace(pattern, (m) => (m[0] === m[0].toUpperCase() ? capital(replacement) : replacement));
    }
    if (out !== name && out.trim()) return out;
  }
  return name + 'g';
}

/** How a person writes their name on one app: mostly "Zhang Wei", sometimes "zhang wei" or "ZHANG Wei". */
export function nameVariant(prng: Prng, surname: string, given: string): string {
  const r = prng.next();
  if (r < 0.7) return `${surname} ${capital(given)}`;
  if (r < 0.85) return `${surname.toLowerCase()} ${given}`;
  return `${surname.toUpperCase()} ${capital(given)}`;
}

interface PersonFacts {
  id: string;
  householdId: string;
  surname: string;
  given: string;
  birthDate: string;
  city: string;
  phones: string[];
  email: string | null;
  paymentId: string | null;
  idDocument: string | null;
  devices: string[];
  familyDevice: string | null;
}

function* households(prng: Prng, people: number): Generator<number> {
  let left = people;
  while (left > 0) {
    const size = Math.min(left, prng.weighted([1, 2, 3, 4], [40, 30, 20, 10]));
    left -= size;
    yield size;
  }
}

/**
 * Generates people one household at a time, so a million of them stream without being held in memory.
 * Accounts come in person order; {@link generateAccounts} shuffles them into arrival order.
 */
export function* generatePeople(options: GenerateOptions): Generator<GeneratedPerson> {
  const prng = new Prng(options.seed);
  const noisePrng = new Prng(`${options.seed}/noise`);
  const verifyPrng = new Prng(`${options.seed}/verified`);
  const noiseCounts = options.noiseCounts ?? emptyNoiseCounts();
  const cityNames = CITIES.map(([name]) => name);
  const world = new Prng(options.worldSeed ?? 'world-1');
  const shopCount = Math.max(3, Math.min(SHOP_PHONES_MAX, Math.round(options.people / 1000)));
  const shopPhones = Array.from({ length: SHOP_PHONES_MAX }, () => mobile(world)).slice(0, shopCount);
  const shopRate = options.shopPhoneRate ?? 0.12;
  const seenEmails = new Set<string>();
  const surnameNames = SURNAMES.map(([s]) => s);
  const surnameWeights = SURNAMES.map(([, w]) => w);
  const cityWeights = CITIES.map(([, , w]) => w);
  let personSeq = 0;
  let accountSeq = 0;
  let householdSeq = 0;

  for (const size of households(prng, options.people)) {
    const householdId = `${options.prefix}-h${householdSeq++}`;
    const [city] = prng.weighted(CITIES, cityWeights);
    const familyDevice = size > 1 ? [8, 4, 4, 4, 12].map((n) => prng.hex(n)).join('-').toUpperCase() : null;
    const familySurname = prng.weighted(surnameNames, surnameWeights);
    const parentYear = prng.int(1955, 1995);
    for (let member = 0; member < size; member++) {
      const isChild = member >= 2;
      const surname = member === 1 ? prng.weighted(surnameNames, surnameWeights) : familySurname;
      const given = prng.chance(0.75) ? prng.pick(SYLLABLES) + prng.pick(SYLLABLES) : prng.pick(SYLLABLES);
      const year = isChild ? Math.min(2008, parentYear + prng.int(22, 34)) : parentYear + prng.int(-3, 3);
      const birthDate = isoDate(year, prng.int(0, 364));
      let email: string | null = null;
      if (prng.chance(0.6)) {
        do {
          email = `${given}${prng.chance(0.5) ? '.' : ''}${surname.toLowerCase()}${prng.int(1, 99999)}@${prng.pick(EMAIL_DOMAINS)}`;
        } while (seenEmails.has(email));
        seenEmails.add(email);
      }
      const facts: PersonFacts = {
        id: `${options.prefix}-p${personSeq++}`,
        householdId,
        surname,
        given,
        birthDate,
        city,
        phones: prng.chance(0.2) ? [mobile(prng), mobile(prng)] : [mobile(prng)],
        email,
        paymentId: prng.chance(0.7) ? '2088' + prng.digits(12) : null,
        idDocument: prng.chance(0.75) ? residentId(prng, prng.weighted(CITIES, cityWeights)[1], birthDate) : null,
        devices: Array.from({ length: prng.int(1, 2) }, () => prng.hex(16)),
        familyDevice,
      };
      const accounts = personAccounts(prng, facts, () => `${options.prefix}-${(accountSeq++).toString(36)}`, shopPhones, shopRate);
      for (const account of accounts) addNoise(noisePrng, account.input, options.noise ?? 0, cityNames, noiseCounts, typo);
      for (const account of accounts) markVerified(verifyPrng, facts, account.input);
      yield { id: facts.id, householdId, displayName: `${surname} ${capital(given)}`, accounts };
    }
  }
}

/**
 * Which identifiers the app verified, after noise (a mistyped phone never received its SMS code): mainland apps
 * verify the mobile number at sign-up (real-name registration), most of the time here; a payment id is a payment
 * credential; a mail is confirmed less often. A shop's phone or a family tablet is never the account holder's own.
 */
const VERIFIED_SHARE: Partial<Record<IdentifierKind, number>> = { [IdentifierKind.PHONE]: 0.9, [IdentifierKind.PAYMENT_ID]: 1, [IdentifierKind.EMAIL]: 0.3 };

function markVerified(prng: Prng, person: PersonFacts, input: AccountInput): void {
  const own = new Set([...person.phones, person.email, person.paymentId].filter((v): v is string => Boolean(v)));
  for (const identifier of input.identifiers) {
    const share = VERIFIED_SHARE[identifier.kind] ?? 0;
    if (own.has(identifier.value) && prng.chance(share)) identifier.verified = true;
  }
}

function strongValue(person: PersonFacts, kind: IdentifierKind, prng: Prng): string | null {
  switch (kind) {
    case IdentifierKind.PHONE:
      return person.phones.length > 1 && prng.chance(0.25) ? person.phones[1] : person.phones[0];
    case IdentifierKind.EMAIL:
      return person.email;
    case IdentifierKind.PAYMENT_ID:
      return person.paymentId;
    case IdentifierKind.ID_DOCUMENT:
      return person.idDocument;
    default:
      return null;
  }
}

function personAccounts(prng: Prng, person: PersonFacts, nextId: () => string, shopPhones: string[], shopRate: number): GeneratedAccount[] {
  const count = prng.weighted([1, 2, 3, 4, 5, 6], [25, 25, 20, 14, 10, 6]);
  const apps = prng.shuffle(APPS.map((a) => a.code)).slice(0, count);
  const carried = new Map<string, { kind: IdentifierKind; value: string }>();
  const accounts: GeneratedAccount[] = [];

  apps.forEach((app, index) => {
    const pattern: AccountPattern = index === 0 ? 'FIRST' : prng.chance(0.12) ? 'NAME_TYPO' : 'STRONG';
    const kinds = APP_KINDS[app];
    const identifiers: { kind: IdentifierKind; value: string }[] = [];
    let displayName: string | null;
    let birthDate: string | null = null;
    let city: string | null = null;

    if (pattern === 'NAME_TYPO') {
      // An old number of their own at most: nothing strong ties this account to the others.
      if (prng.chance(0.5)) identifiers.push({ kind: IdentifierKind.PHONE, value: mobile(prng) });
      displayName = typo(prng, nameVariant(prng, person.surname, person.given));
      birthDate = person.birthDate;
      city = person.city;
    } else {
      for (const kind of kinds.filter((k) => STRONG_KINDS.includes(k))) {
        const value = strongValue(person, kind, prng);
        if (value && prng.chance(kind === IdentifierKind.PHONE ? 0.85 : 0.6)) identifiers.push({ kind, value });
      }
      if (pattern === 'STRONG' && !identifiers.some((i) => carried.has(`${i.kind}:${i.value}`))) {
        identifiers.push(prng.pick([...carried.values()]));
      }
      if (pattern === 'FIRST' && identifiers.length === 0) identifiers.push({ kind: IdentifierKind.PHONE, value: person.phones[0] });
      displayName = prng.chance(0.85) ? nameVariant(prng, person.surname, person.given) : null;
      if (prng.chance(0.4)) birthDate = person.birthDate;
      if (prng.chance(0.5)) city = person.city;
    }
    for (const i of identifiers) if (STRONG_KINDS.includes(i.kind) && pattern !== 'NAME_TYPO') carried.set(`${i.kind}:${i.value}`, i);

    let familyDevice: string | null = null;
    if (kinds.includes(IdentifierKind.DEVICE_ID)) {
      if (person.familyDevice && FAMILY_DEVICE_APPS.has(app) && prng.chance(0.4)) familyDevice = person.familyDevice;
      else if (pattern !== 'NAME_TYPO' && prng.chance(0.6)) identifiers.push({ kind: IdentifierKind.DEVICE_ID, value: prng.pick(person.devices) });
    }
    if (familyDevice) identifiers.push({ kind: IdentifierKind.DEVICE_ID, value: familyDevice });
    const shopPhone = SHOP_PHONE_APPS.has(app) && prng.chance(shopRate) ? prng.pick(shopPhones) : null;
    if (shopPhone) identifiers.push({ kind: IdentifierKind.PHONE, value: shopPhone });

    const input: AccountInput = { app, externalId: nextId(), identifiers };
    if (displayName) input.displayName = displayName;
    if (birthDate) input.birthDate = birthDate;
    if (city) input.city = city;
    accounts.push({ input, personId: person.id, householdId: person.householdId, pattern, shopPhone, familyDevice });
  });
  return accounts;
}

/** Every account of the set, shuffled into an arrival order (a person's accounts arrive spread over the file). */
export function generateAccounts(options: GenerateOptions): GeneratedAccount[] {
  const accounts: GeneratedAccount[] = [];
  for (const person of generatePeople(options)) accounts.push(...person.accounts);
  return shuffleArrival(accounts, options.seed);
}

/** A set's accounts in arrival order (a person's accounts arrive spread over the file). */
export function shuffleArrival(accounts: GeneratedAccount[], seed: string | number): GeneratedAccount[] {
  return new Prng(`${seed}/order`).shuffle(accounts);
}

/** The account's key in truth files and comparisons. */
export const accountKey = (app: string, externalId: string): string => `${externalId}@${app}`;

/** Writes the NDJSON of AccountInput lines and the truth file (`externalId@app<TAB>personId<TAB>householdId<TAB>pattern`). */
export function writeDataset(accounts: GeneratedAccount[], ndjsonPath: string, truthPath?: string): void {
  fs.writeFileSync(ndjsonPath, accounts.map((a) => JSON.stringify(a.input)).join('\n') + '\n');
  if (truthPath) {
    const lines = accounts.map((a) => [accountKey(a.input.app, a.input.externalId), a.personId, a.householdId, a.pattern].join('\t'));
    fs.writeFileSync(truthPath, lines.join('\n') + '\n');
  }
}

function cli(): void {
  const args = process.argv.slice(2);
  const flag = (name: string, fallback: string): string => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
  };
  const out = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  if (!out) {
    process.stderr.write('usage: npm run bench:generate -- out.ndjson [--people 5000] [--seed 1] [--prefix gen] [--noise 1]\n');
    process.exit(2);
  }
  const accounts = generateAccounts({ people: Number(flag('people', '5000')), seed: flag('seed', '1'), prefix: flag('prefix', 'gen'), noise: Number(flag('noise', '0')) });
  writeDataset(accounts, out, out.replace(/\.ndjson$/, '') + '.truth.tsv');
  process.stdout.write(`wrote ${accounts.length} accounts to ${out} and the truth to ${out.replace(/\.ndjson$/, '')}.truth.tsv\n`);
}

if (require.main === module) cli();
