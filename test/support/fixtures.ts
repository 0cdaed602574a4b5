import { randomBytes } from 'node:crypto';
import { usccCheckCharacter } from '../../src/org/index.js';
import type { Api, TestApp } from './test-app.js';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
let counter = 0;
const unique = () => `${Date.now().toString(36).slice(-4)}${(counter++).toString(36)}${randomBytes(2).toString('hex')}`.toUpperCase();

/** A random but valid unified social credit code. */
export function validUscc(): string {
  let body = '91330106';
  for (let i = 0; i < 9; i += 1) body += ALPHABET[randomBytes(1)[0] % ALPHABET.length];
  return body + usccCheckCharacter(body);
}

export interface CentreFixture {
  id: string;
  code: string;
}

export async function newCentre(t: TestApp, overrides: Record<string, unknown> = {}): Promise<CentreFixture> {
  const code = `C-${unique()}`;
  const response = await t.api.post('/centres', t.adminToken, {
    code,
    name: `测试街道工会经费托管服务中心 ${code}`,
    bankAccountNo: `3305016167270${String(counter).padStart(7, '0')}`,
    bankName: '中国建设银行杭州文新支行',
    ...overrides,
  });
  if (response.status !== 201) throw new Error(`newCentre: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export const PASSWORD = 'a-password-for-tests';

/** Creates a user (as the administrator) and logs them in. */
export async function newUser(
  t: TestApp,
  centreId: string,
  role: string,
  scope: { unionId?: string; enterpriseId?: string } = {},
): Promise<{ id: string; username: string; token: string }> {
  const username = `u${unique().toLowerCase()}`.slice(0, 32);
  const response = await t.api.post(`/centres/${centreId}/users`, t.adminToken, {
    username,
    displayName: `测试用户 ${username}`,
    role,
    password: PASSWORD,
    ...scope,
  });
  if (response.status !== 201) throw new Error(`newUser: ${response.status} ${JSON.stringify(response.body)}`);
  return { id: response.body.id, username, token: await t.api.login(username, PASSWORD) };
}

export async function newUnion(
  api: Api,
  token: string,
  centreId: string,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; code: string; name: string; kind: string }> {
  const code = `U-${unique()}`;
  const response = await api.post(`/centres/${centreId}/unions`, token, {
    code,
    name: `测试工会 ${code}`,
    kind: 'grassroots',
    memberCount: 12,
    ...overrides,
  });
  if (response.status !== 201) throw new Error(`newUnion: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function newEnterprise(
  api: Api,
  token: string,
  centreId: string,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; uscc: string; unionId: string | null }> {
  const response = await api.post(`/centres/${centreId}/enterprises`, token, {
    name: `测试企业 ${unique()} 有限公司`,
    uscc: validUscc(),
    ...overrides,
  });
  if (response.status !== 201) throw new Error(`newEnterprise: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/**
 * A centre with one union (and its enterprise) and a user of every role, plus the same again in a second centre:
 * what the access tests compare against.
 */
export async function newWorld(t: TestApp) {
  const centre = await newCentre(t);
  const accountant = await newUser(t, centre.id, 'centre_accountant');
  const union = await newUnion(t.api, accountant.token, centre.id);
  const otherUnion = await newUnion(t.api, accountant.token, centre.id);
  const enterprise = await newEnterprise(t.api, accountant.token, centre.id, { unionId: union.id });
  const otherEnterprise = await newEnterprise(t.api, accountant.token, centre.id, { unionId: otherUnion.id });
  const users = {
    system_admin: { id: '', username: 'admin', token: t.adminToken },
    centre_accountant: accountant,
    centre_supervisor: await newUser(t, centre.id, 'centre_supervisor'),
    union_treasurer: await newUser(t, centre.id, 'union_treasurer', { unionId: union.id }),
    union_chair: await newUser(t, centre.id, 'union_chair', { unionId: union.id }),
    member: await newUser(t, centre.id, 'member', { unionId: union.id }),
    internal_auditor: await newUser(t, centre.id, 'internal_auditor'),
    state_auditor: await newUser(t, centre.id, 'state_auditor'),
    social_auditor: await newUser(t, centre.id, 'social_auditor'),
    enterprise: await newUser(t, centre.id, 'enterprise', { enterpriseId: enterprise.id }),
  };
  // auditors read only under an engagement in force: one of the whole centre for each of them
  const year = new Date().getUTCFullYear();
  const today = new Date().toISOString().slice(0, 10);
  for (const [kind, role, opener] of [
    ['internal', 'internal_auditor', users.centre_supervisor.token],
    ['social', 'social_auditor', users.centre_supervisor.token],
    ['state', 'state_auditor', t.adminToken],
  ] as const) {
    const opened = await t.api.post(`/centres/${centre.id}/audit-engagements`, opener, {
      kind, title: `${year}年度审计`, auditorUserIds: [users[role].id], allUnions: true,
      periodFrom: `${year - 1}-01`, periodTo: `${year}-12`, validFrom: today, validUntil: `${year + 1}-12-31`,
    });
    if (opened.status !== 201) throw new Error(`engagement: ${opened.status} ${JSON.stringify(opened.body)}`);
  }
  return { centre, union, otherUnion, enterprise, otherEnterprise, users };
}
