import type { AccountLedgerModel } from './models.js';
import { formatAmount, periodRangeLabel } from './pdf/format.js';
import { normalSideLabel } from './pdf/labels.js';
import { createReportCanvas, type ReportCanvas, type ReportMeta } from './pdf/report-canvas.js';
import { ReportTable, type TableColumn } from './pdf/table.js';

/** 明细账: one account's postings in date order with the running balance; portrait. */
export const ACCOUNT_LEDGER_LAYOUT = 'portrait' as const;

const COLUMNS: TableColumn[] = [
  { title: '日期', width: 10, align: 'center' },
  { title: '凭证号', width: 7, align: 'center' },
  { title: '摘要', width: 31 },
  { title: '借方金额', width: 13, money: true },
  { title: '贷方金额', width: 13, money: true },
  { title: '余额', width: 14, money: true },
];

export interface AccountLedgerOptions {
  /** Said before the account in the caption and on continued pages: the union, in the audit package's sub-ledgers. */
  subject?: string;
}

/** Draws one account's detail ledger into a report document. */
export function drawAccountLedger(canvas: ReportCanvas, model: AccountLedgerModel, options: AccountLedgerOptions = {}): void {
  const account = `${model.account.code} ${model.account.name}`;
  const side = normalSideLabel(model.account.normalSide);
  const subject = options.subject ? `${options.subject}　` : '';
  canvas.caption(`${subject}科目：${account}　　余额方向：${side}　　期间：${periodRangeLabel(model.from, model.to)}`, '金额单位：元', {
    bold: true,
  });
  const table = new ReportTable(canvas, COLUMNS, { continuedLabel: `明细账 ${subject}${account}（续）` }).start();
  table.row(['', '', { text: '期初余额', bold: true }, '', '', formatAmount(model.openingBalance)]);
  for (const row of model.rows) {
    table.row([row.date, String(row.entryNumber), row.memo, formatAmount(row.debit), formatAmount(row.credit), formatAmount(row.balance)]);
  }
  table.totals(['', '', '本期合计', formatAmount(model.periodDebit), formatAmount(model.periodCredit), formatAmount(model.closingBalance)]);
  table.end();
}

export function renderAccountLedger(model: AccountLedgerModel, meta: ReportMeta): PDFKit.PDFDocument {
  const canvas = createReportCanvas(meta, { layout: ACCOUNT_LEDGER_LAYOUT });
  drawAccountLedger(canvas, model);
  canvas.finish();
  return canvas.doc;
}
