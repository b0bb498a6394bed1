import { IdentifierKind } from '../identity/identifier.kind';

export interface DemoAccount {
  app: string;
  externalId: string;
  /** verified: the app checked the holder controls it (an SMS code, a payment credential, a confirmed mail). */
  identifiers: { kind: IdentifierKind; value: string; verified?: boolean }[];
  /** The profile as this app has it, when it differs from the person's (a typo, a missing field). */
  profile?: { displayName?: string | null; birthDate?: string | null; city?: string | null };
  /** Loaded as a member of its own with this id before matching (as if it signed up before the others existed). */
  ownMember?: string;
}

export interface DemoPerson {
  id: string;
  name: string;
  birthDate: string;
  city: string;
  loyaltyScore: number;
  /** Programs the demo member holds (88VIP at the price its score gives; APASS with its invitation). */
  programs?: ('88VIP' | 'APASS')[];
  accounts: DemoAccount[];
}

const { PHONE, EMAIL, DEVICE_ID, PAYMENT_ID } = IdentifierKind;

/** A phone the app confirmed with an SMS code, and a payment id (always verified: it is a payment credential). */
const sms = (value: string) => ({ kind: PHONE, value, verified: true });
const pay = (value: string) => ({ kind: PAYMENT_ID, value, verified: true });

/**
 * Believable members spread over the ecosystem's apps, with the loyalty scores domain.md's programs gate on. Each
 * person's first account is loaded as its member (with the id given); every other account goes through ingest, so it
 * is linked by the evidence it carries, with the outbox on. Phones are verified where the app signs people up with an
 * SMS code (the shops, ALIPAY, ELEME, FLIGGY), payment ids always, mails where the app confirms them; device ids
 * never. Besides the people linked by a shared phone or mail:
 * - Huang Ying's ALIPAY account shares no identifier with her others (a payment id of its own, her mail written with a
 *   dot): linked by name, birth date, city and a mail one dot apart (PROBABILISTIC);
 * - Ma Chao signed up on TAOBAO and, with another mail, on KOUBEI, as two members; his ALIPAY account carries both
 *   (verified), so it merges them (MERGED in the TAOBAO and KOUBEI feeds);
 * - Gao Yan typed Zhou Tao's phone on ELEME beside her own verified one: she joins her own member, and the pair goes
 *   to review (an unverified bridge);
 * - "Chen Jin" on AMAP (no identifier in common, same birth date, another city) may be Chen Jing: a review;
 * - Li Wei's mother Li Hua watches YOUKU on his iPad (a household on a shared device): two members, never linked.
 */
export const DEMO_PEOPLE: DemoPerson[] = [
  {
    id: 'demo-member-01', name: 'Li Wei', birthDate: '1990-04-12', city: 'Hangzhou', loyaltyScore: 1320,
    programs: ['88VIP'],
    accounts: [
      { app: 'TAOBAO', externalId: 'tb_liwei90', identifiers: [sms('13800138001'), { kind: EMAIL, value: 'li.wei@example.com' }] },
      { app: 'ALIPAY', externalId: '2088000000000001', identifiers: [sms('+86 138 0013 8001'), pay('PAY-0001')] },
      { app: 'ELEME', externalId: 'ele-77001', identifiers: [sms('138-0013-8001')] },
      { app: 'YOUKU', externalId: 'yk_liwei', identifiers: [{ kind: EMAIL, value: 'Li.Wei@example.com ' }, { kind: DEVICE_ID, value: 'dev-ipad-liwei' }] },
      { app: 'FLIGGY', externalId: 'fg-10001', identifiers: [sms('13800138001')] },
    ],
  },
  {
    id: 'demo-member-02', name: 'Wang Fang', birthDate: '1986-09-30', city: 'Shanghai', loyaltyScore: 2860,
    programs: ['88VIP', 'APASS'],
    accounts: [
      { app: 'TMALL', externalId: 'tm_wangfang', identifiers: [sms('13900139002')] },
      { app: 'TAOBAO', externalId: 'tb_wangfang86', identifiers: [sms('13900139002'), { kind: EMAIL, value: 'fang.wang@example.cn' }] },
      { app: 'ALIPAY', externalId: '2088000000000002', identifiers: [pay('PAY-0002'), sms('13900139002')] },
      { app: 'FLIGGY', externalId: 'fg-10002', identifiers: [{ kind: EMAIL, value: 'fang.wang@example.cn' }] },
      { app: 'NETEASE_MUSIC', externalId: 'ncm-5550002', identifiers: [{ kind: PHONE, value: '13900139002' }] },
    ],
  },
  {
    id: 'demo-member-03', name: 'Zhang Min', birthDate: '1995-01-21', city: 'Beijing', loyaltyScore: 860,
    programs: ['88VIP'],
    accounts: [
      { app: 'TAOBAO', externalId: 'tb_zhangmin', identifiers: [sms('13700137003')] },
      { app: 'ELEME', externalId: 'ele-77003', identifiers: [sms('13700137003')] },
      { app: 'TAOPIAOPIAO', externalId: 'tpp-3003', identifiers: [{ kind: PHONE, value: '13700137003' }] },
    ],
  },
  {
    id: 'demo-member-04', name: 'Liu Yang', birthDate: '1992-07-08', city: 'Shenzhen', loyaltyScore: 1050,
    accounts: [
      { app: 'TAOBAO', externalId: 'tb_liuyang', identifiers: [{ kind: EMAIL, value: 'liuyang@example.com' }, sms('13600136004')] },
      { app: 'YOUKU', externalId: 'yk_liuyang', identifiers: [{ kind: EMAIL, value: 'liuyang@example.com' }] },
      { app: 'AMAP', externalId: 'amap-4004', identifiers: [{ kind: PHONE, value: '13600136004' }] },
    ],
  },
  {
    id: 'demo-member-05', name: 'Chen Jing', birthDate: '1988-12-02', city: 'Guangzhou', loyaltyScore: 640,
    accounts: [
      { app: 'TAOBAO', externalId: 'tb_chenjing', identifiers: [sms('13500135005')] },
      { app: 'KOUBEI', externalId: 'kb-5005', identifiers: [{ kind: PHONE, value: '13500135005' }] },
      { app: 'AMAP', externalId: 'amap-4005', identifiers: [{ kind: PHONE, value: '13500135099' }], profile: { displayName: 'Chen Jin', city: 'Shenzhen' } },
    ],
  },
  {
    id: 'demo-member-06', name: 'Yang Xiu', birthDate: '1979-03-15', city: 'Chengdu', loyaltyScore: 1480,
    programs: ['88VIP'],
    accounts: [
      { app: 'TMALL', externalId: 'tm_yangxiu', identifiers: [sms('13400134006')] },
      { app: 'ALIHEALTH', externalId: 'ah-6006', identifiers: [{ kind: PHONE, value: '13400134006' }] },
      { app: 'CAINIAO', externalId: 'cn-6006', identifiers: [{ kind: PHONE, value: '13400134006' }] },
      { app: 'ALIPAY', externalId: '2088000000000006', identifiers: [pay('PAY-0006'), sms('13400134006')] },
    ],
  },
  {
    id: 'demo-member-07', name: 'Zhao Lei', birthDate: '1998-05-27', city: 'Hangzhou', loyaltyScore: 420,
    accounts: [
      { app: 'YOUKU', externalId: 'yk_zhaolei', identifiers: [{ kind: EMAIL, value: 'zhaolei98@example.com' }] },
      { app: 'NETEASE_MUSIC', externalId: 'ncm-5550007', identifiers: [{ kind: EMAIL, value: 'zhaolei98@example.com' }] },
    ],
  },
  {
    id: 'demo-member-08', name: 'Huang Ying', birthDate: '1983-10-10', city: 'Nanjing', loyaltyScore: 2540,
    programs: ['88VIP'],
    accounts: [
      { app: 'TMALL', externalId: 'tm_huangying', identifiers: [sms('13300133008')] },
      { app: 'TAOBAO', externalId: 'tb_huangying', identifiers: [sms('13300133008'), { kind: EMAIL, value: 'huangying83@example.com' }] },
      { app: 'FLIGGY', externalId: 'fg-10008', identifiers: [sms('13300133008')] },
      { app: 'ALIPAY', externalId: '2088000000000008', identifiers: [pay('PAY-0008'), { kind: EMAIL, value: 'huang.ying83@example.com' }] },
    ],
  },
  {
    id: 'demo-member-09', name: 'Zhou Tao', birthDate: '1993-02-14', city: 'Wuhan', loyaltyScore: 980,
    accounts: [
      { app: 'TAOBAO', externalId: 'tb_zhoutao', identifiers: [sms('13200132009')] },
      { app: 'ELEME', externalId: 'ele-77009', identifiers: [sms('13200132009')] },
    ],
  },
  {
    id: 'demo-member-10', name: 'Wu Na', birthDate: '1991-08-19', city: 'Xiamen', loyaltyScore: 1210,
    accounts: [
      { app: 'TAOBAO', externalId: 'tb_wuna', identifiers: [{ kind: EMAIL, value: 'wuna@example.com' }] },
      { app: 'TAOPIAOPIAO', externalId: 'tpp-3010', identifiers: [{ kind: EMAIL, value: 'wuna@example.com' }] },
      { app: 'YOUKU', externalId: 'yk_wuna', identifiers: [{ kind: EMAIL, value: 'wuna@example.com' }] },
    ],
  },
  {
    id: 'demo-member-11', name: 'Xu Ming', birthDate: '1975-06-01', city: 'Suzhou', loyaltyScore: 300,
    accounts: [{ app: 'CAINIAO', externalId: 'cn-6011', identifiers: [{ kind: PHONE, value: '13100131011' }] }],
  },
  {
    id: 'demo-member-12', name: 'Sun Li', birthDate: '1989-11-23', city: 'Hangzhou', loyaltyScore: 1760,
    programs: ['88VIP'],
    accounts: [
      { app: 'TMALL', externalId: 'tm_sunli', identifiers: [sms('13000130012')] },
      { app: 'ELEME', externalId: 'ele-77012', identifiers: [sms('13000130012')] },
      { app: 'ALIPAY', externalId: '2088000000000012', identifiers: [sms('13000130012')] },
      { app: 'AMAP', externalId: 'amap-4012', identifiers: [{ kind: PHONE, value: '13000130012' }] },
      { app: 'ALIHEALTH', externalId: 'ah-6012', identifiers: [{ kind: PHONE, value: '13000130012' }] },
    ],
  },
  {
    id: 'demo-member-13', name: 'Ma Chao', birthDate: '1987-03-09', city: 'Hangzhou', loyaltyScore: 1150,
    accounts: [
      { app: 'TAOBAO', externalId: 'tb_machao', identifiers: [sms('13900139013')] },
      { app: 'KOUBEI', externalId: 'kb-5013', identifiers: [{ kind: EMAIL, value: 'machao@example.net', verified: true }], profile: { birthDate: null, city: null }, ownMember: 'demo-member-13-koubei' },
      { app: 'ALIPAY', externalId: '2088000000000013', identifiers: [sms('13900139013'), { kind: EMAIL, value: 'machao@example.net', verified: true }, pay('PAY-0013')] },
    ],
  },
  {
    id: 'demo-member-14', name: 'Gao Yan', birthDate: '1996-10-04', city: 'Wuhan', loyaltyScore: 560,
    accounts: [
      { app: 'TAOBAO', externalId: 'tb_gaoyan', identifiers: [sms('13900139014')] },
      // A delivery account with no name, her own phone and Zhou Tao's (a delivery number she typed): she stays herself,
      // and Zhou Tao is a review, not a merge (a shared phone with a name disagreeing would be no match at all).
      { app: 'ELEME', externalId: 'ele-77014', identifiers: [sms('13900139014'), { kind: PHONE, value: '13200132009' }], profile: { displayName: null } },
    ],
  },
  {
    id: 'demo-member-15', name: 'Li Hua', birthDate: '1962-02-18', city: 'Hangzhou', loyaltyScore: 380,
    accounts: [
      { app: 'TMALL', externalId: 'tm_lihua', identifiers: [sms('13900139015')] },
      { app: 'YOUKU', externalId: 'yk_lihua', identifiers: [{ kind: PHONE, value: '13900139015' }, { kind: DEVICE_ID, value: 'dev-ipad-liwei' }] },
    ],
  },
];
