import { randomBytes, randomInt } from 'node:crypto';
import { usccCheckCharacter } from '../../src/org/uscc.js';
import type { Http } from './http.js';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const PASSWORD = 'reliability-password';

export function validUscc(): string {
  let body = '91330106';
  for (let i = 0; i < 9; i += 1) body += ALPHABET[randomInt(ALPHABET.length)];
  return body + usccCheckCharacter(body);
}

export interface UnionActor {
  id: string;
  kind: 'street' | 'grassroots';
  /** Raises claims (grassroots unions only). */
  treasurer?: string;
  /** Approves the treasurer's claims. */
  chair?: string;
}

export interface World {
  centre: { id: string; code: string };
  admin: string;
  today: string;
  accountant: string;
  supervisor: string;
  unions: UnionActor[];
  enterprises: Array<{ id: string; uscc: string; unionId: string }>;
  itemId: string;
}

async function must(http: Http, what: string, method: string, path: string, token: string | undefined, body?: unknown, expected = [200, 201]) {
  const answer = await http.call(method, path, token, body);
  if (!expected.includes(answer.status)) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/**
 * A clean centre made through the API (the service starts without demo data): a street union and `unionCount`
 * grassroots unions under it, two enterprises per grassroots union with three months of large payroll declared (so that
 * receipts settle dues and leave upward shares to remit), a treasurer and a chair per grassroots union, the
 * centre's accountant and supervisor, this month open and one positive-list item for claims.
 */
export async function makeWorld(http: Http, adminPassword: string, unionCount: number): Promise<World> {
  const admin = (await must(http, 'admin login', 'POST', '/auth/login', undefined, { username: 'admin', password: adminPassword })).accessToken as string;
  const tag = randomBytes(3).toString('hex').toUpperCase();
  const centre = await must(http, 'centre', 'POST', '/centres', admin, {
    code: `REL-${tag}`,
    name: `可靠性测试街道工会经费托管服务中心 ${tag}`,
    bankAccountNo: `33050161672700${randomInt(100000, 999999)}`,
    bankName: '中国建设银行杭州文新支行',
  });
  const base = `/centres/${centre.id}`;
  const user = async (role: string, scope: Record<string, string> = {}) => {
    const username = `rel${randomBytes(5).toString('hex')}`;
    await must(http, `user ${role}`, 'POST', `${base}/users`, admin, { username, displayName: `测试 ${role}`, role, password: PASSWORD, ...scope });
    return (await must(http, `login ${role}`, 'POST', '/auth/login', undefined, { username, password: PASSWORD })).accessToken as string;
  };
  const accountant = await user('centre_accountant');
  const supervisor = await user('centre_supervisor');
  const street = await must(http, 'street union', 'POST', `${base}/unions`, accountant, {
    code: `ST-${tag}`, name: `街道总工会 ${tag}`, kind: 'street', memberCount: 20,
  });
  const unions: UnionActor[] = [{ id: street.id, kind: 'street' }];
  const enterprises: World['enterprises'] = [];
  const today = new Date().toISOString().slice(0, 10);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  for (let i = 0; i < unionCount; i += 1) {
    const union = await must(http, 'union', 'POST', `${base}/unions`, accountant, {
      code: `GR-${tag}-${i}`, name: `基层工会 ${tag}-${i}`, kind: 'grassroots', parentUnionId: street.id, memberCount: 50,
    });
    unions.push({
      id: union.id,
      kind: 'grassroots',
      treasurer: await user('union_treasurer', { unionId: union.id }),
      chair: await user('union_chair', { unionId: union.id }),
    });
    for (let j = 0; j < 2; j += 1) {
      const uscc = validUscc();
      const enterprise = await must(http, 'enterprise', 'POST', `${base}/enterprises`, accountant, {
        name: `可靠性测试企业 ${tag}-${i}-${j} 有限公司`, uscc, unionId: union.id,
      });
      enterprises.push({ id: enterprise.id, uscc, unionId: union.id });
      for (let m = Math.max(1, month - 2); m <= month; m += 1) {
        await must(http, 'declaration', 'POST', `${base}/enterprises/${enterprise.id}/payroll-declarations`, accountant, {
          period: `${year}-${String(m).padStart(2, '0')}`, totalPayroll: '5000000.00', headcount: 100,
        });
      }
    }
  }
  await must(http, 'period', 'POST', `${base}/periods`, accountant, { period: today.slice(0, 7) });
  const item = await must(http, 'positive-list item', 'POST', `${base}/positive-list`, accountant, {
    code: 'REL', name: '职工文体活动', categoryCode: '501', effectiveFrom: `${year}-01-01`,
  });
  return { centre: { id: centre.id, code: centre.code }, admin, today, accountant, supervisor, unions, enterprises, itemId: item.id };
}
