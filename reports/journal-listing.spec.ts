import { pageFurnitureProblems, readPdf } from '../test/support/pdf-text.js';
import { renderJournalListing } from './journal-listing.js';
import type { JournalEntryModel } from './models.js';
import { SAMPLE_UNIONS, sampleJournalEntries, sampleMeta } from './samples.js';
import { formatAmount, sumAmounts } from './pdf/format.js';

describe('凭证清单 (journal listing)', () => {
  const meta = sampleMeta('凭证清单', { unionName: null });

  it('lists each entry with its lines, names each line’s union, and totals debits and credits', async () => {
    const entries = [...sampleJournalEntries(8)];
    const { text } = await readPdf(renderJournalListing({ unions: SAMPLE_UNIONS, entries }, meta));
    const lines = text.pages.flatMap((page) => page.lines);
    expect(lines).toContain('凭证号 日期 摘要 工会 会计科目 借方金额 贷方金额');
    const [first] = entries;
    expect(lines).toContain(
      [first.number, first.date, first.memo, SAMPLE_UNIONS[0].name, '102 银行存款', formatAmount(first.lines[0].debit), formatAmount(first.lines[0].credit)].join(' '),
    );
    expect(lines).toContain(`1 2026-01-01 ${first.memo} ${SAMPLE_UNIONS[0].name} 102 银行存款 100.00 0.00`);
    expect(lines).toContain([SAMPLE_UNIONS[0].name, '21101 应付上级经费-市总工会', '0.00', formatAmount(first.lines[2].credit)].join(' '));
    expect(lines).toContain(`2 2026-02-02 支付职工篮球赛场地费 ${SAMPLE_UNIONS[1].name} 501 职工活动支出 1,147.29 0.00`);
    expect(lines).toContain(`${SAMPLE_UNIONS[1].name} 102 银行存款 0.00 1,147.29`);
    const all = entries.flatMap((entry) => entry.lines);
    const debit = sumAmounts(all.map((line) => line.debit));
    expect(debit).toBe(sumAmounts(all.map((line) => line.credit)));
    expect(lines).toContain(`合计 8 张凭证，${all.length} 条分录 ${formatAmount(debit)} ${formatAmount(debit)}`);
    expect(lines).toContain('合计 8 张凭证，18 条分录 30,124.12 30,124.12');
  });

  it('reads entries from an async source, across many pages, an entry cut by a page break marked 续', async () => {
    async function* entries(): AsyncGenerator<JournalEntryModel> {
      for (const entry of sampleJournalEntries(400)) {
        await Promise.resolve();
        yield { ...entry, lines: entry.lines.map((line) => ({ ...line, unionName: `${line.accountCode === '102' ? '经' : ''}${SAMPLE_UNIONS[entry.number! % 3].name}` })) };
      }
    }
    const { text } = await readPdf(renderJournalListing({ entries: entries() }, meta));
    expect(text.pageCount).toBeGreaterThan(15);
    expect(pageFurnitureProblems(text, meta)).toEqual([]);
    text.pages.forEach((page) => expect(page.lines).toContain('凭证号 日期 摘要 工会 会计科目 借方金额 贷方金额'));
    expect(text.text).toMatch(/\d+（续） 2026-\d\d-\d\d/);
    expect(text.pages.at(-1)?.text).toContain('合计 400 张凭证');
  });

  it('ends the stream with the error when its source fails', async () => {
    async function* failing(): AsyncGenerator<JournalEntryModel> {
      yield* sampleJournalEntries(3);
      throw new Error('cursor lost');
    }
    await expect(readPdf(renderJournalListing({ entries: failing() }, meta))).rejects.toThrow('cursor lost');
  });
});
