import type request from 'supertest';
import { newEnterprise, newUser } from '../support/fixtures.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { pdfText } from '../support/pdf-text.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { OPERATIONS } from './operations.js';
import { BUDGET_LINES, type ScopeObjects, TODAY, validUscc } from './security-world.js';

/**
 * Invariant 8 for months: an auditor whose engagement covers last year only reads nothing of this year, whatever the
 * operation. Every GET operation an auditor may call is called under a whole-centre engagement of last year, in a
 * world with money of both years; this year's money is recognisable (amounts of sevens, a memo, a January date, its
 * objects' ids) and no answer may carry it. Operations that take a month, a day or a year are called with last year's
 * (answered) and this year's (refused with AUTH.OUT_OF_ENGAGEMENT).
 */

type Parameter = { name: string; in: string; required?: boolean; schema?: { enum?: string[]; format?: string } };
type DocumentOperation = { 'x-roles'?: string[]; parameters?: Parameter[] };
type Operation = { method: string; path: string; roles: string[]; query: Parameter[] };

const PREFIX = '/api/v1';
/**
 * The year after the months audited, whose money must not show: the year of three weeks ago, so that its 17 January is
 * always a day before today (in early January it is last year, and the months audited the year before).
 */
const YEAR = Number(new Date(Date.now() - 21 * 86_400_000).toISOString().slice(0, 4));
const LAST = YEAR - 1;
const LAST_PERIOD = `${LAST}-12`;
const LAST_DATE = `${LAST}-12-10`;
const THIS_PERIOD = `${YEAR}-01`;
// a day of this year that is not today: every object is created today, so today's date is in every answer's timestamps
const THIS_DATE = `${YEAR}-01-17`;
const MARKER = 'THIS-YEAR-MARKER';
/** This year's amounts: sevens with cents, where every amount of last year is whole yuan. */
const AMOUNTS = ['7777.77', '777.77', '77.77', '77777.77', '37777.77', '777777.77'];
const AUDITOR_ROLES = ['state_auditor', 'internal_auditor', 'social_auditor'] as const;
type AuditorRole = (typeof AUDITOR_ROLES)[number];
/** The query parameters that name months, days or years: what an engagement's months bound. */
const TIME_PARAMETERS = ['from', 'to', 'period', 'year', 'asOf'];
/**
 * Reads not bounded by months on purpose, and why. The trail is the centre's whole hash chain: its records are dated
 * by when something was done, not by the month of the money it touched (last December's receipt may be recorded in
 * January), so cutting it by months is a decision of its own, not a fix of this suite. Its answers are still checked
 * for status; what of this year they carry is printed.
 */
/** Operations allowed to answer this year's data to an auditor of last year, with the reason (none today). */
const NOT_BOUNDED_BY_MONTHS: Record<string, string> = {};
/** Non-money decimals of the world (dues rates and shares), not this year's amounts. */
const RATES = /^0\.\d\d$/;

function ok(response: request.Response, what: string, status = [200, 201]) {
  if (!status.includes(response.status)) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

describe('engagement months: an auditor of last year reads nothing of this year', () => {
  let t: TestApp;
  let operations: Operation[];
  let tokens: Record<AuditorRole, string>;
  /** the objects path parameters name: last year's, and this year's where the object belongs to a year */
  let lastObjects: Record<string, string>;
  let thisObjects: Record<string, string>;
  const thisIds = new Set<string>();

  beforeAll(async () => {
    t = await createTestApp({}, { quickCommits: true });
    await t.app.listen(0, '127.0.0.1');
    const w = await newLedgerWorld(t, LAST_PERIOD);
    const { api } = t;
    const { base, accountant, supervisor } = w;
    // every month from last December to this one, so that both years take postings
    for (let index = YEAR * 12; index <= Number(TODAY.slice(0, 4)) * 12 + Number(TODAY.slice(5, 7)) - 1; index += 1) {
      const period = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
      ok(await api.post(`${base}/periods`, accountant.token, { period }), 'open period');
    }
    const unionId = w.unionA.id;
    const enterprise = await newEnterprise(api, accountant.token, w.centre.id, { unionId });
    const treasurer = await newUser(t, w.centre.id, 'union_treasurer', { unionId });
    const chair = await newUser(t, w.centre.id, 'union_chair', { unionId });
    const item = ok(await api.post(`${base}/positive-list`, accountant.token, {
      code: 'MONTHS-ITEM', name: '职工文体活动', categoryCode: '501', capPerMemberYear: '5000.00', effectiveFrom: `${LAST}-01-01`,
    }), 'item');
    const money = (amount: string) => [{ unionId, accountCode: '102', debit: amount }, { unionId, accountCode: '403', credit: amount }];
    const posted = async (date: string, memo: string, amount: string) => ok(await w.post(date, memo, money(amount)), 'entry').id as string;
    const budget = async (year: number, lines: Array<Record<string, unknown>>, memo: string) => {
      const draft = ok(await api.post(`${base}/budgets`, accountant.token, { unionId, year, lines, memo }), 'budget');
      ok(await api.post(`${base}/budgets/${draft.id}/submit`, accountant.token, {}), 'submit');
      const approved = ok(await api.post(`${base}/budgets/${draft.id}/approve`, supervisor.token, {}), 'approve');
      const lineId = (approved.lines as Array<{ id: string; categoryCode: string }>).find((l) => l.categoryCode === '501')!.id;
      return { id: approved.id as string, lineId };
    };
    const payroll = async (period: string, amount: string) => {
      const upload = await api.http().post(`${PREFIX}${base}/imports`).set('Authorization', `Bearer ${accountant.token}`).field('kind', 'payroll')
        .attach('file', Buffer.from(`统一社会信用代码,所属期,职工工资总额\r\n${validUscc()},${period},${amount}\r\n`, 'utf8'), { filename: 'payroll.csv', contentType: 'text/csv' });
      return ok(upload, 'import', [202]).id as string;
    };

    // last year: the months audited (whole yuan only)
    ok(await api.post(`${base}/enterprises/${enterprise.id}/payroll-declarations`, accountant.token, { period: LAST_PERIOD, totalPayroll: '100000.00' }), 'declare');
    const lastReceipt = ok(await api.post(`${base}/dues-receipts`, accountant.token, { receivedOn: LAST_DATE, amount: '2000.00', channel: 'enterprise', enterpriseId: enterprise.id }), 'receipt');
    const lastEntry = await posted(LAST_DATE, '上年其他收入', '5000.00');
    ok(await w.spend(unionId, '300.00', `${LAST}-12-20`), 'spend');
    const lastStatement = ok(await api.post(`${base}/bank-statements`, accountant.token, {
      sourceName: 'last.csv', lines: [{ date: LAST_DATE, amount: '5000.00', balance: '5000.00', reference: 'LAST-1' }],
    }), 'statement');
    const lastBudget = await budget(LAST, BUDGET_LINES, '上年预算');
    const lastAdjustment = ok(await api.post(`${base}/budgets/${lastBudget.id}/adjustments`, accountant.token, {
      reason: '上年调整', changes: [{ budgetLineId: lastBudget.lineId, change: '10.00' }],
    }), 'adjustment');
    const lastRun = await payroll(LAST_PERIOD, '1000.00');

    // this year: the months not audited, recognisable everywhere
    const declared = ok(await api.post(`${base}/enterprises/${enterprise.id}/payroll-declarations`, accountant.token, { period: THIS_PERIOD, totalPayroll: '777777.77' }), 'declare');
    const thisReceipt = ok(await api.post(`${base}/dues-receipts`, accountant.token, { receivedOn: THIS_DATE, amount: '7777.77', channel: 'enterprise', enterpriseId: enterprise.id }), 'receipt');
    const suspense = ok(await api.post(`${base}/dues-receipts`, accountant.token, { receivedOn: THIS_DATE, amount: '777.77', channel: 'enterprise', payerName: MARKER }), 'receipt');
    const thisEntry = await posted(THIS_DATE, MARKER, '7777.77');
    const thisSpend = ok(await w.post(THIS_DATE, MARKER, [{ unionId, accountCode: '501', debit: '77.77' }, { unionId, accountCode: '102', credit: '77.77' }]), 'spend');
    const thisStatement = ok(await api.post(`${base}/bank-statements`, accountant.token, {
      sourceName: 'this.csv', lines: [{ date: THIS_DATE, amount: '7777.77', balance: '12777.77', reference: MARKER }],
    }), 'statement');
    const thisLines = [
      { kind: 'income', categoryCode: '402', amount: '77777.77' },
      { kind: 'expenditure', fundType: 'basic', categoryCode: '501', amount: '37777.77' },
    ];
    const thisBudget = await budget(YEAR, thisLines, MARKER);
    // a claim is raised today, against a budget of today's year: in early January that is the year after YEAR
    const claimBudget = Number(TODAY.slice(0, 4)) === YEAR ? thisBudget : await budget(Number(TODAY.slice(0, 4)), thisLines, MARKER);
    const thisAdjustment = ok(await api.post(`${base}/budgets/${thisBudget.id}/adjustments`, accountant.token, {
      reason: MARKER, changes: [{ budgetLineId: thisBudget.lineId, change: '77.77' }],
    }), 'adjustment');
    // claims are raised, approved and paid today (this year): there is no claim of last year to set against it
    const claim = ok(await api.post(`${base}/spending-claims`, treasurer.token, {
      payee: MARKER, amount: '777.77', positiveListItemId: item.id, budgetLineId: claimBudget.lineId, purpose: MARKER, memberCount: 1,
    }), 'claim');
    ok(await api.post(`${base}/spending-claims/${claim.id}/approve`, chair.token, {}), 'approve claim');
    const paid = ok(await api.post(`${base}/spending-claims/${claim.id}/post`, accountant.token, {}), 'pay claim');
    const thisRun = await payroll(THIS_PERIOD, '7777.77');
    for (const id of [declared.id, thisReceipt.id, suspense.id, thisEntry, thisSpend.id, thisStatement.id, thisBudget.id, thisBudget.lineId, claimBudget.id, claimBudget.lineId,
      thisAdjustment.id, claim.id, paid.entryId ?? paid.entry?.id, thisRun]) {
      if (typeof id === 'string') thisIds.add(id);
    }

    // an auditor of each kind, each under one engagement of the whole centre for last year, in force today
    tokens = {} as Record<AuditorRole, string>;
    const engagements = {} as Record<AuditorRole, string>;
    for (const role of AUDITOR_ROLES) {
      const auditor = await newUser(t, w.centre.id, role);
      const kind = role.replace('_auditor', '');
      engagements[role] = ok(await api.post(`${base}/audit-engagements`, kind === 'state' ? t.adminToken : supervisor.token, {
        kind, title: `${LAST}年度审计`, auditorUserIds: [auditor.id], allUnions: true, periodFrom: `${LAST}-01`, periodTo: LAST_PERIOD,
        validFrom: TODAY, validUntil: `${YEAR + 1}-12-31`,
      }), 'engagement').id;
      tokens[role] = auditor.token;
    }

    lastObjects = {
      centreId: w.centre.id, unionId, enterpriseId: enterprise.id, userId: treasurer.id, entryId: lastEntry, budgetId: lastBudget.id,
      adjustmentId: lastAdjustment.id, claimId: claim.id, itemId: item.id, receiptId: lastReceipt.id, statementId: lastStatement.id,
      lineNo: '1', period: LAST_PERIOD, runId: lastRun, findingId: '',
    };
    thisObjects = {
      entryId: thisEntry, budgetId: thisBudget.id, adjustmentId: thisAdjustment.id, claimId: claim.id, receiptId: thisReceipt.id,
      statementId: thisStatement.id, period: THIS_PERIOD, runId: thisRun,
    };
    // the engagement named in a path is the caller's own (set per role when the call is made)
    (lastObjects as Record<string, unknown>).engagements = engagements;

    const document = (await t.api.http().get('/api/docs-json')).body as { paths: Record<string, Record<string, DocumentOperation>> };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(), path: path.slice(PREFIX.length), roles: op['x-roles'] ?? [],
        query: (op.parameters ?? []).filter((p) => p.in === 'query'),
      })),
    ).filter((op) => op.method === 'GET' && op.roles.some((r) => (AUDITOR_ROLES as readonly string[]).includes(r)));
  }, 240_000);
  afterAll(() => t?.close());

  /** What of this year an answer's text carries. */
  function leaksIn(text: string): string[] {
    const found: string[] = [];
    for (const amount of AMOUNTS) {
      const [whole, cents] = amount.split('.');
      const grouped = `${Number(whole).toLocaleString('en-US')}.${cents}`;
      if (new RegExp(`(^|[^\\d,.])(${amount.replace('.', '\\.')}|${grouped.replace(/[.,]/g, '\\$&')})(?!\\d)`).test(text)) found.push(amount);
    }
    for (const marker of [MARKER, THIS_DATE, `"${THIS_PERIOD}"`, ...thisIds]) if (text.includes(marker)) found.push(marker);
    // sums: this year's amounts are the only ones with cents, so any amount with cents has some of this year's in it
    for (const match of text.matchAll(/(?<![\d.])-?\d[\d,]*\.(\d\d)(?![\d])/g)) {
      if (match[1] !== '00' && !RATES.test(match[0]) && !/^0\./.test(match[0])) found.push(`an amount with cents: ${match[0]}`);
    }
    return [...new Set(found)];
  }

  it('answers every auditor read under an engagement of last year with nothing of this year', async () => {
    const anomalies: string[] = [];
    let calls = 0;
    let answered = 0;
    const roleFor = (op: Operation) => AUDITOR_ROLES.find((r) => op.roles.includes(r))!;
    const engagements = (lastObjects as Record<string, unknown>).engagements as Record<AuditorRole, string>;

    const urlOf = (op: Operation, objects: Record<string, string>, query: Record<string, string>) => {
      const role = roleFor(op);
      const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
        const value = name === 'engagementId' ? engagements[role] : objects[name] ?? lastObjects[name];
        if (value === undefined) throw new Error(`no object for path parameter ${name} of ${op.path}`);
        return encodeURIComponent(value);
      });
      const search = new URLSearchParams(query).toString();
      return search ? `${path}?${search}` : path;
    };
    /** The query of the security table (unions, enterprises, page sizes), its months, days and years set to a year's. */
    const queryOf = (op: Operation, year: number | null, format?: string) => {
      const table = OPERATIONS[`${op.method} ${op.path}`]?.query?.(lastObjects as unknown as ScopeObjects) ?? {};
      const query: Record<string, string> = {};
      for (const [name, value] of Object.entries(table)) if (!TIME_PARAMETERS.includes(name)) query[name] = value;
      for (const p of op.query.filter((q) => TIME_PARAMETERS.includes(q.name))) {
        if (year === null) continue;
        const period = year === LAST ? LAST_PERIOD : THIS_PERIOD;
        const day = year === LAST ? (p.name === 'from' ? `${LAST}-12-01` : `${LAST}-12-31`) : THIS_DATE;
        query[p.name] = p.name === 'year' ? String(year) : p.name === 'asOf' || p.schema?.format === 'date' ? day : period;
      }
      if (op.path.endsWith('/account-ledger')) query.accountCode = '102';
      // the whole trail, not its first records
      if (op.path.endsWith('/audit/records')) query.limit = '500';
      if (format) query.format = format;
      return query;
    };

    const check = async (op: Operation, url: string, expect: 'answered' | 'refused' | 'either', bare = false) => {
      calls += 1;
      const response = await t.api.http().get(`${PREFIX}${url}`).set('Authorization', `Bearer ${tokens[roleFor(op)]}`)
        .buffer(true).parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      const raw = response.body as Buffer;
      const type = String(response.headers['content-type'] ?? '');
      const text = type.startsWith('application/pdf') ? (await pdfText(new Uint8Array(raw))).text : raw.toString('utf8');
      const where = `GET ${url} as ${roleFor(op)}`;
      const got = `${response.status} ${text.slice(0, 300)}`;
      const success = response.status >= 200 && response.status < 300;
      if (process.env.MONTHS_VERBOSE) process.stdout.write(`${response.status} ${where}\n`);
      if (!success) {
        const problem = type.startsWith('application/problem+json') ? JSON.parse(text) as { code?: string } : undefined;
        const refused = response.status === 404 || (response.status === 403 && problem?.code === 'AUTH.OUT_OF_ENGAGEMENT');
        const unasked = bare && response.status === 400 && problem?.code === 'COMMON.VALIDATION_FAILED';
        if (!problem) anomalies.push(`${where}: an error that is not problem details — ${got}`);
        else if (expect === 'answered' || !(refused || unasked)) anomalies.push(`${where}: expected ${expect === 'answered' ? '2xx' : '403 OUT_OF_ENGAGEMENT or 404'} — ${got}`);
        return;
      }
      answered += 1;
      if (expect === 'refused') anomalies.push(`${where}: months outside the engagement, yet answered — ${got}`);
      const leaked = leaksIn(text);
      if (leaked.length > 0 && NOT_BOUNDED_BY_MONTHS[`${op.method} ${op.path}`]) {
        process.stdout.write(`not bounded by months (${NOT_BOUNDED_BY_MONTHS[`${op.method} ${op.path}`]}): ${where} carries ${leaked.length} of this year's markers\n`);
      } else if (leaked.length > 0) anomalies.push(`${where}: answer carries this year's ${leaked.join(', ')} — ${got}`);
    };

    for (const op of operations) {
      const timed = op.query.some((p) => TIME_PARAMETERS.includes(p.name));
      // a report of a month, a span or a day must refuse this year's; a list merely filtered by them may answer an
      // empty page instead
      const explicit = op.query.some((p) => TIME_PARAMETERS.includes(p.name) && (p.required || p.name === 'asOf'));
      const formats = op.query.find((p) => p.name === 'format')?.schema?.enum?.filter((f) => f !== 'json') ?? [];
      // last year's objects and months: answered, with nothing of this year (in each format the operation writes)
      for (const format of [undefined, ...formats]) await check(op, urlOf(op, {}, queryOf(op, LAST, format)), explicit ? 'answered' : 'either');
      if (timed) {
        // this year's months asked for: refused
        await check(op, urlOf(op, {}, queryOf(op, YEAR)), explicit ? 'refused' : 'either');
        // no months asked for: the default must not be this year's
        await check(op, urlOf(op, {}, queryOf(op, null)), 'either', true);
      }
      // this year's objects named in the path: not found or refused
      const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((n) => thisObjects[n] && thisObjects[n] !== lastObjects[n]);
      if (names.length > 0) await check(op, urlOf(op, thisObjects, queryOf(op, LAST)), 'refused');
    }
    process.stdout.write(`engagement months: ${operations.length} auditor GET operations, ${calls} calls (${answered} answered)\n`);
    expect(operations.length).toBeGreaterThan(40);
    expect(anomalies).toEqual([]);
  }, 300_000);
});
