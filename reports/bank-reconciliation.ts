import type { BankReconciliationModel, ReconciliationItemModel } from './models.js';
import { formatAmount, fromFen, prefix, sumAmounts, toFen } from './pdf/format.js';
import { COLOURS, createReportCanvas, type ReportCanvas, type ReportMeta } from './pdf/report-canvas.js';
import { ReportTable, type TableColumn } from './pdf/table.js';

/** 银行存款余额调节表: the unified account's book and bank balances, each adjusted by the items the other lacks; portrait. */
export const BANK_RECONCILIATION_LAYOUT = 'portrait' as const;

const SUMMARY: TableColumn[] = [
  { title: '项目', width: 31 },
  { title: '金额', width: 16, money: true },
  { title: '项目', width: 31 },
  { title: '金额', width: 16, money: true },
];

const ITEMS: TableColumn[] = [
  { title: '序号', width: 6, align: 'center' },
  { title: '日期', width: 12, align: 'center' },
  { title: '凭证 / 对账单行', width: 22 },
  { title: '摘要 / 银行流水号', width: 40 },
  { title: '金额', width: 16, money: true },
];

const total = (items: ReconciliationItemModel[]) => sumAmounts(items.map((item) => item.amount));
/** Payments and bank debits are negative in the model; the form subtracts their size (减：…). */
const size = (items: ReconciliationItemModel[]) => {
  const fen = toFen(total(items));
  return fromFen(fen < 0n ? -fen : fen);
};

export function drawBankReconciliation(canvas: ReportCanvas, model: BankReconciliationModel): void {
  canvas.fields([
    ['银行账号', model.accountNo],
    ['开户银行', model.bankName ?? '—'],
    ['截止日期', model.asOf],
    ['金额单位', '元'],
  ]);
  canvas.gap(4);
  const summary = new ReportTable(canvas, SUMMARY, { fontSize: 9, zebra: false }).start();
  summary.row(['单位银行存款日记账余额', formatAmount(model.bookBalance), '银行对账单余额', formatAmount(model.bankBalance)], { bold: true });
  summary.row([
    `加：银行已收、单位未收（${model.bankCreditsNotBooked.length} 笔）`,
    formatAmount(total(model.bankCreditsNotBooked)),
    `加：单位已收、银行未收（${model.depositsInTransit.length} 笔）`,
    formatAmount(total(model.depositsInTransit)),
  ]);
  summary.row([
    `减：银行已付、单位未付（${model.bankDebitsNotBooked.length} 笔）`,
    formatAmount(size(model.bankDebitsNotBooked)),
    `减：单位已付、银行未付（${model.paymentsInTransit.length} 笔）`,
    formatAmount(size(model.paymentsInTransit)),
  ]);
  summary.totals(['调节后的存款余额', formatAmount(model.adjustedBookBalance), '调节后的存款余额', formatAmount(model.adjustedBankBalance)]);
  summary.end();
  canvas.caption(
    model.reconciled
      ? `调节结果：调节后余额相符（差额 ${formatAmount(model.difference)}）。`
      : `调节结果：调节后余额不符，差额 ${formatAmount(model.difference)} 元，请核查。`,
    '',
    { bold: true, colour: model.reconciled ? COLOURS.text : COLOURS.warning, keepWithNext: false },
  );
  canvas.gap(6);
  const detail = (title: string, items: ReconciliationItemModel[]) => {
    canvas.heading(`${title}（${items.length} 笔）`, { size: 10 });
    if (items.length === 0) {
      canvas.caption('无。', '', { keepWithNext: false });
      canvas.gap(4);
      return;
    }
    const table = new ReportTable(canvas, ITEMS, { continuedLabel: `${title}（续）` }).start();
    items.forEach((item, index) => table.row([String(index + 1), item.date, prefix(item.ref, 36), item.reference ?? '', formatAmount(item.amount)]));
    table.totals(['', '', '', '小计', formatAmount(total(items))]);
    table.end();
  };
  detail('一、银行已收、单位未收', model.bankCreditsNotBooked);
  detail('二、银行已付、单位未付', model.bankDebitsNotBooked);
  detail('三、单位已收、银行未收', model.depositsInTransit);
  detail('四、单位已付、银行未付', model.paymentsInTransit);
}

export function renderBankReconciliation(model: BankReconciliationModel, meta: ReportMeta): PDFKit.PDFDocument {
  const canvas = createReportCanvas(meta, { layout: BANK_RECONCILIATION_LAYOUT });
  drawBankReconciliation(canvas, model);
  canvas.finish();
  return canvas.doc;
}
