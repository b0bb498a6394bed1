import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { AccountInput } from '../identity/account.input';
import { APPS } from '../identity/app.registry';
import { IdentifierKind } from '../identity/identifier.kind';
import { GeneratedAccount, nameVariant, shuffleArrival, SURNAMES } from './people.generate';
import { NoiseCounts } from './people.noise';
import { Prng } from './prng';

/**
 * A dense world (issue 32): the people of one city whose mobile numbers come from one block of consecutive numbers
 * filled to `density` (0.8: four numbers in five of the block are someone's), so most phones are one digit from
 * dozens of strangers' phones, and whose names are drawn by real frequency, so that "Wang Wei", "Li Na" and
 * "Zhang Min" are each shared by many. Each person has 1–3 accounts on different apps; every account carries the
 * person's phone, 60 % a birth date, 50 % the city, and those of apps that collect one the person's email when they
 * have one; `phoneTypoRate` of the accounts (5 %) carry the phone with one wrong digit. Nothing else is noisy, and
 * there are no shop phones or household devices: what it measures is density alone.
 */
export interface DenseOptions {
  people: number;
  seed: string | number;
  prefix: string;
  /** The share of the block's numbers in use: the block holds people / density consecutive numbers. */
  density: number;
  phoneTypoRate?: number;
  noiseCounts?: NoiseCounts;
}

/**
 * Given names in pinyin with their share of people in hundredths of a percent, for the commonest. Pinyin folds many
 * characters into one name (伟 玮 薇 巍 维 are all "Wei"), so a romanized given name is far commoner than any one
 * character. Built from the ranking of the commonest full names in the Ministry of Public Security's name reports
 * (张伟, 王伟, 王芳, 李伟, 王秀英, 李秀英, 李娜, 张秀英, 刘伟, 张敏, 李静, 张丽, 王静, 王丽, 李强, 张静, 李敏, 王敏,
 * 王磊, 李军, 刘洋, 王勇, 张勇, 王艳, 李杰, 张磊, 王强, 王军, 张杰, 李娟, 张艳, 张涛, 王涛, 李明, 李艳, 王超, 李勇,
 * 王娟, 刘杰, 王秀兰, 李霞, 刘敏, 张军, 李丽, 张强, 王平, 王刚, 王杰, 李桂英, 刘芳: each shared by 150,000 to 290,000
 * people); the shares are approximate, scaled so that the commonest full names ("Wang Wei", "Zhang Wei", "Li Wei")
 * are each about 1 person in 600, as they are in pinyin. These names make 27 % of people; the others get a name of one
 * or two syllables drawn uniformly (people.generate.ts's syllables), which is rare.
 */
const GIVEN_NAMES: [string, number][] = [
  ['Wei', 240], ['Jing', 140], ['Min', 120], ['Fang', 120], ['Na', 100], ['Li', 100], ['Yan', 100], ['Xiuying', 90],
  ['Qiang', 80], ['Lei', 80], ['Jun', 80], ['Yang', 80], ['Jie', 80], ['Yong', 70], ['Juan', 60], ['Tao', 60], ['Ming', 60],
  ['Chao', 50], ['Xiulan', 50], ['Xia', 50], ['Ping', 50], ['Gang', 50], ['Hong', 50], ['Hui', 50], ['Jian', 50], ['Yu', 50],
  ['Guiying', 40], ['Hua', 40], ['Bo', 40], ['Xin', 40], ['Hao', 40], ['Lin', 40], ['Dan', 40], ['Ling', 40], ['Yun', 40],
  ['Lan', 30], ['Mei', 30], ['Feng', 30], ['Bin', 30], ['Peng', 30],
];
const COMMON_GIVEN_SHARE = GIVEN_NAMES.reduce((sum, [, w]) => sum + w, 0) / 10_000;
const SYLLABLES = [
  'wei', 'fang', 'na', 'min', 'jing', 'li', 'qiang', 'lei', 'jun', 'yang', 'yong', 'yan', 'jie', 'juan', 'tao', 'ming', 'chao', 'xiu',
  'ying', 'xia', 'ping', 'gang', 'gui', 'hua', 'hong', 'hui', 'jian', 'bo', 'xin', 'yu', 'hao', 'zi', 'han', 'yi', 'xuan', 'chen',
  'rui', 'ting', 'qian', 'lin', 'mei', 'lan', 'feng', 'bin', 'kai', 'peng', 'fei', 'dan', 'ning', 'yun', 'qing', 'zhi', 'long',
  'xiang', 'hai', 'shan', 'lu', 'meng', 'jia', 'xue', 'yue', 'shu', 'wen', 'dong', 'cheng', 'ze', 'yuan', 'si', 'tian', 'kang',
];
const EMAIL_APPS = new Set(['TAOBAO', 'YOUKU', 'FLIGGY', 'NETEASE_MUSIC']);
const EMAIL_DOMAINS = ['qq.com', '163.com', '126.com', 'sina.com', 'foxmail.com'];
/** The block's first number: Beijing mobile numbers. */
const BLOCK_START = 13910000000;
const CITY = 'Beijing';

const capital = (s: string): string => s[0].toUpperCase() + s.slice(1);

function isoDate(year: number, dayOfYear: number): string {
  return new Date(Date.UTC(year, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
}

/** One digit of the subscriber number (the last eight) replaced, into a number that is still valid. */
function wrongDigit(prng: Prng, phone: string): string {
  for (let attempt = 0; attempt < 10; attempt++) {
    const i = prng.int(3, phone.length - 1);
    let digit = phone[i];
    while (digit === phone[i]) digit = String(prng.int(0, 9));
    const out = phone.slice(0, i) + digit + phone.slice(i + 1);
    if (isValidPhoneNumber(out, 'CN')) return out;
  }
  return phone;
}

export function generateDenseAccounts(options: DenseOptions): GeneratedAccount[] {
  if (!(options.density > 0 && options.density <= 1)) throw new Error(`--density must be in (0, 1], got ${options.density}`);
  const prng = new Prng(`${options.seed}/dense`);
  const typoRate = options.phoneTypoRate ?? 0.05;
  const blockSize = Math.ceil(options.people / options.density);
  const offsets = prng.shuffle(Array.from({ length: blockSize }, (_, i) => i)).slice(0, options.people);
  const surnames = SURNAMES.map(([s]) => s);
  const surnameWeights = SURNAMES.map(([, w]) => w);
  const given = GIVEN_NAMES.map(([g]) => g);
  const givenWeights = GIVEN_NAMES.map(([, w]) => w);
  const appCodes = APPS.map((a) => a.code);
  const accounts: GeneratedAccount[] = [];
  let accountSeq = 0;
  for (let p = 0; p < options.people; p++) {
    const personId = `${options.prefix}-p${p}`;
    const surname = prng.weighted(surnames, surnameWeights);
    const givenName = prng.chance(COMMON_GIVEN_SHARE)
      ? prng.weighted(given, givenWeights)
      : capital(prng.chance(0.75) ? prng.pick(SYLLABLES) + prng.pick(SYLLABLES) : prng.pick(SYLLABLES));
    const phone = String(BLOCK_START + offsets[p]);
    const birthDate = isoDate(prng.int(1960, 2005), prng.int(0, 364));
    const email = prng.chance(0.4) ? `${givenName.toLowerCase()}${surname.toLowerCase()}${prng.int(1, 99999)}@${prng.pick(EMAIL_DOMAINS)}` : null;
    const count = prng.weighted([1, 2, 3], [40, 35, 25]);
    const apps = prng.shuffle([...appCodes]).slice(0, count);
    apps.forEach((app, index) => {
      let value = phone;
      if (prng.chance(typoRate)) {
        value = wrongDigit(prng, phone);
        if (value !== phone && options.noiseCounts) options.noiseCounts.phone++;
      }
      // Verified as the sparse people's are (people.generate.ts): the app's SMS code reached the person's own phone
      // most of the time, never a mistyped number; a mail is confirmed less often.
      const identifiers: { kind: IdentifierKind; value: string; verified?: boolean }[] = [{ kind: IdentifierKind.PHONE, value, ...(value === phone && prng.chance(0.9) ? { verified: true } : {}) }];
      if (email && EMAIL_APPS.has(app) && prng.chance(0.7)) identifiers.push({ kind: IdentifierKind.EMAIL, value: email, ...(prng.chance(0.3) ? { verified: true } : {}) });
      const input: AccountInput = { app, externalId: `${options.prefix}-${(accountSeq++).toString(36)}`, identifiers };
      if (prng.chance(0.95)) input.displayName = nameVariant(prng, surname, givenName.toLowerCase());
      if (prng.chance(0.6)) input.birthDate = birthDate;
      if (prng.chance(0.5)) input.city = CITY;
      accounts.push({ input, personId, householdId: `${options.prefix}-h${p}`, pattern: index === 0 ? 'FIRST' : 'STRONG', shopPhone: null, familyDevice: null });
    });
  }
  return shuffleArrival(accounts, `${options.seed}/dense`);
}
