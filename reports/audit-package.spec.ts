import { pageFurnitureProblems, pdfText, readPdf } from '../test/support/pdf-text.js';
import { AUDIT_PACKAGE_SECTIONS, renderAuditPackage } from './audit-package.js';
import type { JournalEntryModel } from './models.js';
import { formatAmount, sumAmounts } from './pdf/format.js';
import { engagementKindLabel } from './pdf/labels.js';
import { SAMPLE_UNIONS, sampleAuditPackage, sampleJournalEntries, sampleMeta } from './samples.js';

/** Lets the renderer run until it waits (for the reader or its source); answers how far it got. */
async function settle(progress: () => number): Promise<number> {
  let last = -1;
  for (let round = 0; round < 200 && progress() !== last; round += 1) {
    last = progress();
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
  return progress();
}

describe('审计资料包 (audit package)', () => {
  const meta = sampleMeta('审计资料包', { unionName: null });

  it('opens with a cover and the scope, then every section in order, the header and footer on every page', async () => {
    const { text } = await readPdf(renderAuditPackage(sampleAuditPackage(), meta));
    expect(pageFurnitureProblems(text, meta, '2026-11-26 16:00:00')).toEqual([]);
    const [cover, scope] = text.pages;
    expect(cover.lines).toEqual(expect.arrayContaining(['2026年度工会经费收支审计', '社会审计 · 审计资料包']));
    expect(cover.text).toContain('审计单位：浙江天平会计师事务所');
    expect(cover.text).toContain('审计人员：陈审计、刘晓燕');
    expect(cover.text).toContain('审计期间：2026年1月—2026年11月');
    expect(cover.text).toContain('授权有效期：2026年11月20日 至 2026年12月31日');
    expect(scope.lines[0]).toBe('审计资料包 · 审计范围');
    for (const union of SAMPLE_UNIONS) expect(scope.text).toContain(`${union.code} ${union.name}`);
    expect(scope.text).toContain('2 刘晓燕 浙江天平会计师事务所 审计员');
    // Each section starts on a page of its own, in order, named in the header of its pages.
    const starts = AUDIT_PACKAGE_SECTIONS.map((section) => text.pages.findIndex((page) => page.lines.includes(section.title)));
    expect(starts.every((start) => start > 1)).toBe(true);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    expect(text.pages[starts[0]].lines[0]).toBe('审计资料包 · 科目余额表');
    expect(text.pages[starts[6]].lines[0]).toBe('审计资料包 · 审计记录摘录');
  });

  it('reuses the report layouts for its sections: trial balance, each union’s ledger, journal, budgets, reversals, adjustments, trail', async () => {
    const model = sampleAuditPackage();
    const { text } = await readPdf(renderAuditPackage(model, meta));
    const all = text.text;
    const t = model.trialBalance.totals;
    expect(all).toContain(['合计', ...[t.openingDebit, t.openingCredit, t.periodDebit, t.periodCredit, t.closingDebit, t.closingCredit].map(formatAmount)].join(' '));
    expect(all).toContain('合计 357,700.00 357,700.00 301,390.50 301,390.50 525,154.17 525,154.17');
    expect(all).toContain(`WX-101 ${SAMPLE_UNIONS[0].name}`);
    expect(all).toContain(`${SAMPLE_UNIONS[1].name} 科目：102 银行存款`);
    expect(all).toContain(`WX-001 ${SAMPLE_UNIONS[2].name}\n审计期间无发生额。`);
    const journalTotal = sumAmounts(
      [...sampleJournalEntries(40)].flatMap((entry) => entry.lines.map((line) => line.debit)),
    );
    expect(all).toMatch(new RegExp(`合计 40 张凭证，\\d+ 条分录 ${formatAmount(journalTotal)} ${formatAmount(journalTotal)}\n`));
    expect(all).toContain(`${SAMPLE_UNIONS[1].name} 2026 年预算执行情况`);
    expect(all).toContain('37 2026-06-18 冲销 第 35 号凭证：重复登记的慰问品支出 35 -2,400.00');
    expect(all).toContain('5 502 维权支出 基本支出 10,000.00 10,000.00 0.00 4,800.00 5,200.00 48.00%');
    expect(all).toContain('追加年终慰问预算');
    expect(all).toMatch(/共 60 条记录（序号 1221—1280），其中拒绝 \d+ 条。/);
  });

  it('names each kind of engagement in Chinese', () => {
    expect(['internal', 'state', 'social', 'member_supervision'].map(engagementKindLabel)).toEqual(['内部审计', '国家审计', '社会审计', '会员监督']);
  });

  it('reads a 5,000-entry journal lazily: the source waits while nobody reads, and goes on as the reader takes pages', async () => {
    let produced = 0;
    let closed = false;
    async function* journal(): AsyncGenerator<JournalEntryModel> {
      try {
        for (let number = 1; number <= 5000; number += 1) {
          produced += 1;
          yield {
            number,
            date: '2026-06-30',
            memo: `支付第 ${number} 笔职工活动费用`,
            lines: [
              { unionId: SAMPLE_UNIONS[number % 3].id, accountCode: '501', accountName: '职工活动支出', debit: '100.00', credit: '0.00' },
              { unionId: SAMPLE_UNIONS[number % 3].id, accountCode: '102', accountName: '银行存款', debit: '0.00', credit: '100.00' },
            ],
          };
        }
      } finally {
        closed = true;
      }
    }
    const doc = renderAuditPackage({ ...sampleAuditPackage({ trailRecords: 5 }), journal: journal() }, meta);

    const paused = await settle(() => produced);
    expect(paused).toBeLessThan(1000); // the stream's buffer is full: rendering waits for a reader
    expect(await settle(() => produced)).toBe(paused);

    const chunks: Buffer[] = [];
    const take = () => {
      for (let chunk = doc.read() as Buffer | null; chunk !== null; chunk = doc.read() as Buffer | null) chunks.push(chunk);
    };
    take();
    const afterOneRead = await settle(() => produced);
    expect(afterOneRead).toBeGreaterThan(paused);
    expect(afterOneRead).toBeLessThan(5000);
    expect(closed).toBe(false);

    for await (const chunk of doc) chunks.push(chunk as Buffer);
    expect(produced).toBe(5000);
    expect(closed).toBe(true);
    const text = await pdfText(Buffer.concat(chunks), { pages: [1, -6, -5, -4, -3, -2, -1] });
    expect(text.pageCount).toBeGreaterThan(200);
    expect(text.text).toContain('合计 5000 张凭证，10000 条分录 500,000.00 500,000.00');
    expect(pageFurnitureProblems(text, meta)).toEqual([]);
  }, 120_000);

  it('stops reading its sources when the reader goes away', async () => {
    let closed = false;
    async function* journal(): AsyncGenerator<JournalEntryModel> {
      try {
        for (let number = 1; ; number += 1) {
          yield { number, date: '2026-06-30', memo: '支付职工活动费用', lines: [] };
        }
      } finally {
        closed = true;
      }
    }
    const doc = renderAuditPackage({ ...sampleAuditPackage(), journal: journal() }, meta);
    doc.read();
    await new Promise((resolve) => setTimeout(resolve, 50));
    doc.destroy();
    await settle(() => (closed ? 1 : 0));
    expect(closed).toBe(true);
  });
});
