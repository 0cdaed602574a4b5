import { pageFurnitureProblems, readPdf } from '../../test/support/pdf-text.js';
import { sampleMeta, sampleTrialBalance } from '../samples.js';
import { renderTrialBalance } from '../trial-balance.js';
import { createReportCanvas } from './report-canvas.js';

describe('report document', () => {
  it('prints the header and footer on every page: title, centre, union, period, page n of m, generation time, chain head', async () => {
    const meta = sampleMeta('科目余额表');
    const { text } = await readPdf(renderTrialBalance(sampleTrialBalance(80), meta));
    expect(text.pageCount).toBeGreaterThanOrEqual(3);
    expect(pageFurnitureProblems(text, meta, '2026-11-26 16:00:00')).toEqual([]);
  });

  it('leaves the union out of the header when the report has none', async () => {
    const meta = sampleMeta('科目余额表', { unionName: null });
    const { text } = await readPdf(renderTrialBalance(sampleTrialBalance(), meta));
    expect(pageFurnitureProblems(text, meta)).toEqual([]);
    expect(text.text).not.toContain('工会：');
  });

  it('sets Chinese text in the embedded font, subset: 工会经费托管 借贷 合计 come back as written', async () => {
    const canvas = createReportCanvas(sampleMeta('工会经费托管'));
    canvas.paragraph('工会经费托管 借贷 合计 拨缴 对账单 财务公开 （一）、【二】—— 1,234.56 ¥ 审计');
    canvas.finish();
    const { bytes, text } = await readPdf(canvas.doc);
    expect(text.text).toContain('工会经费托管 借贷 合计 拨缴 对账单 财务公开 （一）、【二】—— 1,234.56 ¥ 审计');
    const raw = bytes.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Regular/); // a subset (XXXXXX+ prefix), embedded
    expect(raw).toContain('/FontFile3'); // the CFF program itself
    expect(bytes.length).toBeLessThan(200_000); // 8 MB fonts, subset to what the page uses
  });

  it('renders the same model to the same bytes', async () => {
    const meta = sampleMeta('科目余额表');
    const first = await readPdf(renderTrialBalance(sampleTrialBalance(), meta));
    const second = await readPdf(renderTrialBalance(sampleTrialBalance(), meta));
    expect(second.bytes.equals(first.bytes)).toBe(true);
  });
});
