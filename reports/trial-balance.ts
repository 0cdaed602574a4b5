import type { TrialBalanceModel } from './models.js';
import { formatAmount, periodRangeLabel } from './pdf/format.js';
import { COLOURS, createReportCanvas, type ReportCanvas, type ReportMeta } from './pdf/report-canvas.js';
import { ReportTable, type TableColumn } from './pdf/table.js';

/** 科目余额表: opening, period and closing balances of every account, debit and credit; landscape. */
export const TRIAL_BALANCE_LAYOUT = 'landscape' as const;

const COLUMNS: TableColumn[] = [
  { title: '科目编码', width: 8 },
  { title: '科目名称', width: 20 },
  { title: '借方', width: 12, money: true, group: '期初余额' },
  { title: '贷方', width: 12, money: true, group: '期初余额' },
  { title: '借方', width: 12, money: true, group: '本期发生额' },
  { title: '贷方', width: 12, money: true, group: '本期发生额' },
  { title: '借方', width: 12, money: true, group: '期末余额' },
  { title: '贷方', width: 12, money: true, group: '期末余额' },
];

/** Draws the trial balance into a report document (a standalone report or a section of the audit package). */
export function drawTrialBalance(canvas: ReportCanvas, model: TrialBalanceModel): void {
  canvas.caption(`会计期间：${periodRangeLabel(model.from, model.to)}`, '金额单位：元');
  const table = new ReportTable(canvas, COLUMNS, { continuedLabel: '科目余额表（续）' }).start();
  for (const row of model.rows) {
    const sub = row.level > 1;
    table.row([
      row.code,
      { text: row.name, indent: sub ? 10 * (row.level - 1) : 0 },
      ...[row.openingDebit, row.openingCredit, row.periodDebit, row.periodCredit, row.closingDebit, row.closingCredit].map(formatAmount),
    ], sub ? { colour: COLOURS.muted } : {});
  }
  const t = model.totals;
  table.totals(['', '合计', ...[t.openingDebit, t.openingCredit, t.periodDebit, t.periodCredit, t.closingDebit, t.closingCredit].map(formatAmount)]);
  table.end();
  canvas.caption(
    model.balanced ? '试算结果：期初余额、本期发生额、期末余额借贷各自相等，试算平衡。' : '试算结果：借贷不平衡，请核查。',
    '合计行为一级科目之和',
    { colour: model.balanced ? COLOURS.text : COLOURS.warning, bold: !model.balanced, keepWithNext: false },
  );
}

export function renderTrialBalance(model: TrialBalanceModel, meta: ReportMeta): PDFKit.PDFDocument {
  const canvas = createReportCanvas(meta, { layout: TRIAL_BALANCE_LAYOUT });
  drawTrialBalance(canvas, model);
  canvas.finish();
  return canvas.doc;
}
