import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EngagementsService } from '../audit/index.js';
import { Role } from '../auth/index.js';
import { UsersService } from '../auth/users.service.js';
import type { Principal, RequestContext } from '../common/request-context.js';
import { BudgetsService, PositiveListService } from '../budgets/index.js';
import type { BudgetLineDto } from '../budgets/dto/budgets.dto.js';
import { DuesService } from '../dues/index.js';
import { SpendingService } from '../spending/index.js';
import { LedgerService, PeriodsService } from '../ledger/index.js';
import { CentresService, EnterprisesService, UnionsService, usccCheckCharacter } from '../org/index.js';

export interface DemoLogin {
  username: string;
  password: string;
  role: string;
  name: string;
}

/** A USCC with its check character: 9 = 工商, 1 = 企业, 330106 = 杭州市西湖区, then the 9-character organisation code. */
function uscc(organisationCode: string): string {
  const first17 = `91330106${organisationCode}`;
  return first17 + usccCheckCharacter(first17);
}

const password = () => randomBytes(9).toString('base64url');

/**
 * The demo custody centre: a street union, a park federation, four grassroots unions with their enterprises, two
 * enterprises without a union yet (they pay the preparation fund), and a user for every role. Everything goes
 * through the services, so the demo leaves the same audit trail real work would.
 */
export async function loadDemoData(app: INestApplication, dataDir: string): Promise<DemoLogin[]> {
  const centres = app.get(CentresService);
  const unions = app.get(UnionsService);
  const enterprises = app.get(EnterprisesService);
  const users = app.get(UsersService);
  const dataSource = app.get(DataSource);

  const [admin] = await dataSource.query(`SELECT id, username FROM app_user WHERE role = 'system_admin' ORDER BY created_at LIMIT 1`);
  const asAdmin = context({ userId: admin.id, username: admin.username, role: Role.SystemAdmin, centreId: null, unionId: null, enterpriseId: null });

  const centre = await centres.create(asAdmin, {
    code: 'WENXIN',
    name: '文新街道工会经费托管服务中心',
    bankAccountNo: '33050161672700000123',
    bankName: '中国建设银行杭州文新支行',
  });
  const logins: DemoLogin[] = [];
  const addUser = async (
    username: string, displayName: string, role: Role, scope: { unionId?: string; enterpriseId?: string } = {},
  ) => {
    const secret = password();
    const user = await users.create(asAdmin, centre.id, { username, displayName, role, password: secret, ...scope });
    logins.push({ username, password: secret, role, name: displayName });
    return user;
  };

  const accountant = await addUser('kuaiji', '王丽华', Role.CentreAccountant);
  const supervisor = await addUser('zhuren', '张建国', Role.CentreSupervisor);
  const asAccountant = context({
    userId: accountant.id, username: accountant.username, role: Role.CentreAccountant,
    centreId: centre.id, unionId: null, enterpriseId: null,
  });

  const street = await unions.create(asAccountant, centre.id, {
    code: 'WX-000', name: '文新街道总工会', kind: 'street', memberCount: 0, foundedOn: '1998-06-18',
  });
  const federation = await unions.create(asAccountant, centre.id, {
    code: 'WX-100', name: '文新街道科技园区工会联合会', kind: 'federation', parentUnionId: street.id,
    memberCount: 0, foundedOn: '2016-04-26',
  });
  const grassroots = [
    { code: 'WX-101', union: '杭州云帆网络科技有限公司工会', company: '杭州云帆网络科技有限公司', org: 'MA27XQ1L0', members: 56, founded: '2018-09-20', parent: federation.id, contact: ['陈晓燕', '0571-88231234'] },
    { code: 'WX-102', union: '浙江青山印务有限公司工会', company: '浙江青山印务有限公司', org: '7326841X9', members: 41, founded: '2009-05-08', parent: federation.id, contact: ['周海峰', '0571-85672290'] },
    { code: 'WX-103', union: '杭州禾木餐饮管理有限公司工会', company: '杭州禾木餐饮管理有限公司', org: 'MA2H0K7B1', members: 23, founded: '2021-03-15', parent: street.id, contact: ['吴春梅', '13805712468'] },
    { code: 'WX-104', union: '杭州启明星幼儿教育有限公司工会', company: '杭州启明星幼儿教育有限公司', org: 'MA2CJ5R03', members: 18, founded: '2020-11-02', parent: street.id, contact: ['郑雅琴', '13957106635'] },
  ];
  const unionIds: string[] = [];
  const enterpriseIds: string[] = [];
  for (const g of grassroots) {
    const union = await unions.create(asAccountant, centre.id, {
      code: g.code, name: g.union, kind: 'grassroots', parentUnionId: g.parent, memberCount: g.members, foundedOn: g.founded,
    });
    unionIds.push(union.id);
    const enterprise = await enterprises.create(asAccountant, centre.id, {
      name: g.company, uscc: uscc(g.org), payrollContactName: g.contact[0], payrollContactPhone: g.contact[1], unionId: union.id,
    });
    enterpriseIds.push(enterprise.id);
  }
  // not yet unionised: they pay the build-up preparation fund (建会筹备金) to the street union
  const withoutUnion: string[] = [];
  withoutUnion.push((await enterprises.create(asAccountant, centre.id, {
    name: '杭州拾光文化传媒有限公司', uscc: uscc('MA2KD3W58'), payrollContactName: '何佳怡', payrollContactPhone: '13606519872',
  })).id);
  withoutUnion.push((await enterprises.create(asAccountant, centre.id, {
    name: '杭州速达同城物流有限公司', uscc: uscc('MA2J8TQ46'), payrollContactName: '沈国栋', payrollContactPhone: '0571-87019933',
  })).id);

  const treasurer = await addUser('yunfan.caiwu', '李明', Role.UnionTreasurer, { unionId: unionIds[0] });
  const chair = await addUser('yunfan.zhuxi', '陈静', Role.UnionChair, { unionId: unionIds[0] });
  await addUser('yunfan.huiyuan', '刘芳', Role.Member, { unionId: unionIds[0] });
  const internalAuditor = await addUser('neishen', '赵志强', Role.InternalAuditor);
  const stateAuditor = await addUser('shenji.guojia', '孙伟', Role.StateAuditor);
  const socialAuditor = await addUser('shenji.shehui', '周敏', Role.SocialAuditor);
  await addUser('qiye.yunfan', '杭州云帆网络科技有限公司', Role.Enterprise, { enterpriseId: enterpriseIds[0] });

  const asSupervisor = context({
    userId: supervisor.id, username: supervisor.username, role: Role.CentreSupervisor, centreId: centre.id, unionId: null, enterpriseId: null,
  });
  const unionPeople = {
    treasurer: context({ userId: treasurer.id, username: treasurer.username, role: Role.UnionTreasurer, centreId: centre.id, unionId: unionIds[0], enterpriseId: null }),
    chair: context({ userId: chair.id, username: chair.username, role: Role.UnionChair, centreId: centre.id, unionId: unionIds[0], enterpriseId: null }),
  };
  await loadDemoBooks(app, centre.id, asAccountant, asSupervisor, unionPeople, {
    street: street.id, federation: federation.id, unions: unionIds, enterprises: enterpriseIds, withoutUnion,
  });

  // 四位一体: the auditors read under engagements in force (this year, for the rest of the year)
  const engagements = app.get(EngagementsService);
  const year = new Date().getUTCFullYear();
  const today = new Date().toISOString().slice(0, 10);
  const span = { periodFrom: `${year}-01`, periodTo: `${year}-12`, validFrom: today, validUntil: `${year + 1}-03-31` };
  await engagements.open(asSupervisor, centre.id, {
    kind: 'internal', title: `${year}年度科技园区工会经费收支内部审计`, auditorUserIds: [internalAuditor.id],
    unionIds: [federation.id, unionIds[0], unionIds[1]], ...span,
  });
  // the same 经审会 auditor also carries out a union's member supervision (会员监督): two engagements, chosen in the header
  await engagements.open(asSupervisor, centre.id, {
    kind: 'member_supervision', title: `${year}年度会员监督检查`, auditorUserIds: [internalAuditor.id], unionIds: [unionIds[2]], ...span,
  });
  await engagements.open(asSupervisor, centre.id, {
    kind: 'social', title: `${year}年度工会经费专项审计`, firm: '浙江天平会计师事务所', auditorUserIds: [socialAuditor.id], unionIds: [unionIds[0]], ...span,
  });
  await engagements.open(asAdmin, centre.id, {
    kind: 'state', title: `${year}年度街道工会经费审计`, firm: '杭州市西湖区审计局', auditorUserIds: [stateAuditor.id], allUnions: true, ...span,
  });

  const file = join(dataDir, 'demo-logins.txt');
  writeFileSync(
    file,
    ['# Demo logins of the centre 文新街道工会经费托管服务中心 (user name, password, role, name)', ...logins.map((l) => `${l.username}\t${l.password}\t${l.role}\t${l.name}`)].join('\n') + '\n',
    { mode: 0o600 },
  );
  return logins;
}

function context(principal: Principal): RequestContext {
  return { principal, requestId: 'demo-data' };
}

/**
 * A month of books: the current period open; each enterprise's payroll declared and its dues received (the unions'
 * shares to their income, the upward shares owed, the enterprises without a union paying the preparation fund to the
 * street union), a payment whose payer is not yet known, a few spendings, and one entry waiting for the supervisor.
 * Then the year's budgets of the federation and of 云帆 (approved), the centre's positive list, and 云帆's spending
 * under them: a manual entry naming its budget line and item, a claim paid, and a claim waiting for the chair.
 */
async function loadDemoBooks(
  app: INestApplication,
  centreId: string,
  accountant: RequestContext,
  supervisor: RequestContext,
  union: { treasurer: RequestContext; chair: RequestContext },
  ids: { street: string; federation: string; unions: string[]; enterprises: string[]; withoutUnion: string[] },
): Promise<void> {
  const ledger = app.get(LedgerService);
  const periods = app.get(PeriodsService);
  const dues = app.get(DuesService);
  const today = new Date().toISOString().slice(0, 10);
  const month = today.slice(0, 7);
  await periods.open(accountant, centreId, month);
  const day = (d: number) => `${month}-${String(Math.min(d, Number(today.slice(8, 10)))).padStart(2, '0')}`;
  const previousMonth = (() => {
    const [y, m] = month.split('-').map(Number);
    return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  })();
  const payrolls = ['930000.00', '492000.00', '210500.00', '157500.00'];
  for (const [index, enterpriseId] of ids.enterprises.entries()) {
    const declared = await dues.declare(accountant, centreId, enterpriseId, { period: previousMonth, totalPayroll: payrolls[index], declaredOn: day(2) });
    if (index < 3) {
      await dues.recordReceipt(accountant, centreId, {
        receivedOn: day(3 + index), amount: declared.amountAssessed, channel: index === 1 ? 'tax' : 'enterprise', enterpriseId,
        bankReference: `CCB${month.replace('-', '')}${String(index + 1).padStart(4, '0')}`,
      });
    }
  }
  for (const [index, enterpriseId] of ids.withoutUnion.entries()) {
    const declared = await dues.declare(accountant, centreId, enterpriseId, { period: previousMonth, totalPayroll: index === 0 ? '86000.00' : '64000.00', declaredOn: day(2) });
    await dues.recordReceipt(accountant, centreId, { receivedOn: day(6), amount: declared.amountAssessed, channel: 'enterprise', enterpriseId });
  }
  await dues.recordReceipt(accountant, centreId, { receivedOn: day(7), amount: '860.00', channel: 'enterprise', payerName: '杭州某商贸有限公司', memo: '对方未注明用途' });

  type DemoLine = { unionId: string; accountCode: string; debit?: string; credit?: string; budgetLineId?: string; positiveListItemId?: string; headcount?: number };
  const post = async (date: string, memo: string, lines: DemoLine[], approve = true) => {
    const draft = (await ledger.createDraft(accountant, centreId, { date, memo, lines })).result;
    if (!approve) return;
    await ledger.approve(supervisor, centreId, draft.id);
    await ledger.post(accountant, centreId, draft.id);
  };

  // 正面清单 (the caps are demo values; a centre sets its own by its province's rules)
  const list = app.get(PositiveListService);
  const from = `${today.slice(0, 4)}-01-01`;
  const item = async (code: string, name: string, categoryCode: string, caps: Record<string, string> = {}) =>
    (await list.create(accountant, centreId, { code, name, categoryCode, effectiveFrom: from, ...caps })).id;
  const spring = await item('FESTIVAL', '节日慰问（春节等法定节日）', '501', { capPerMemberYear: '2000.00' });
  await item('BIRTHDAY', '会员生日慰问', '501', { capPerPersonOccasion: '300.00' });
  const sports = await item('SPORTS', '文体活动', '501', { capPerEvent: '20000.00' });
  await item('REST', '职工疗休养', '502', { capPerMemberYear: '1500.00' });
  const hardship = await item('HARDSHIP', '困难职工帮扶', '502', { capPerPersonOccasion: '2000.00' });
  await item('READING', '职工书屋建设', '505');

  // 预算: drawn up and submitted by the union, approved by the supervisor
  const budgets = app.get(BudgetsService);
  const year = Number(today.slice(0, 4));
  const approveBudget = async (by: RequestContext, unionId: string, lines: BudgetLineDto[]) => {
    const draft = await budgets.create(by, centreId, { unionId, year, lines });
    await budgets.submit(by, centreId, draft.id);
    return budgets.approve(supervisor, centreId, draft.id);
  };
  await approveBudget(accountant, ids.federation, [
    { kind: 'income', categoryCode: '403', amount: '80000.00' },
    { kind: 'expenditure', fundType: 'basic', categoryCode: '501', amount: '40000.00' },
    { kind: 'expenditure', fundType: 'basic', categoryCode: '502', amount: '25000.00' },
    { kind: 'expenditure', fundType: 'project', categoryCode: '505', projectName: '园区职工书屋', purpose: '建设园区共享职工书屋', amount: '15000.00' },
  ]);
  const yunfan = await approveBudget(union.treasurer, ids.unions[0], [
    { kind: 'income', categoryCode: '402', amount: '130000.00' },
    { kind: 'expenditure', fundType: 'basic', categoryCode: '501', amount: '60000.00' },
    { kind: 'expenditure', fundType: 'basic', categoryCode: '502', amount: '20000.00' },
    { kind: 'expenditure', fundType: 'basic', categoryCode: '504', amount: '3000.00' },
    { kind: 'expenditure', fundType: 'project', categoryCode: '505', projectName: '职工书屋', purpose: '购置图书与书架', amount: '8000.00' },
  ]);
  const line = (code: string) => yunfan.lines.find((l) => l.categoryCode === code && l.fundType === 'basic')!.id;

  await post(day(10), '职工篮球赛场地租赁及饮用水', [
    { unionId: ids.unions[0], accountCode: '501', debit: '2380.00', budgetLineId: line('501'), positiveListItemId: sports },
    { unionId: ids.unions[0], accountCode: '102', credit: '2380.00' },
  ]);
  await post(day(12), '困难职工帮扶慰问金', [
    { unionId: ids.unions[1], accountCode: '502', debit: '1500.00' },
    { unionId: ids.unions[1], accountCode: '102', credit: '1500.00' },
  ]);
  await post(day(14), '提取备用金', [
    { unionId: ids.unions[0], accountCode: '101', debit: '500.00' },
    { unionId: ids.unions[0], accountCode: '102', credit: '500.00' },
  ]);
  // waiting for the supervisor (审核)
  await post(day(15), '职工生日慰问蛋糕卡', [
    { unionId: ids.unions[2], accountCode: '501', debit: '1150.00' },
    { unionId: ids.unions[2], accountCode: '102', credit: '1150.00' },
  ], false);

  // 经费支出申请: raised by 云帆's treasurer, approved by its chair, paid by the centre; one waits for the chair
  const spending = app.get(SpendingService);
  const paid = await spending.raise(union.treasurer, centreId, {
    payee: '杭州联华华商集团有限公司', amount: '2800.00', positiveListItemId: spring, budgetLineId: line('501'),
    purpose: '节日慰问品（大米、食用油）', attachments: ['增值税发票 No.33012345', '慰问发放签收表'], memberCount: 56,
  });
  await spending.approve(union.chair, centreId, paid.id);
  await spending.post(accountant, centreId, paid.id, { date: today });
  await spending.raise(union.treasurer, centreId, {
    payee: '王某某（困难职工）', amount: '1000.00', positiveListItemId: hardship, budgetLineId: line('502'),
    purpose: '困难职工住院帮扶', attachments: ['住院证明', '帮扶申请表'], memberCount: 1,
  });
}
