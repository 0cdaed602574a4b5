import type { BalanceSheetModel, StatementLineModel } from './models.js';
import { formatAmount, periodLabel } from './pdf/format.js';
import { COLOURS, createReportCanvas, type ReportCanvas, type ReportMeta } from './pdf/report-canvas.js';
import { ReportTable, type TableCell, type TableColumn } from './pdf/table.js';

/** 资产负债表: assets on the left, liabilities and net assets on the right, 年初数 and 期末数; portrait. */
export const BALANCE_SHEET_LAYOUT = 'portrait' as const;

// Four amount columns on a portrait page: each wide enough for "-999,999,999.99" at full size.
const COLUMNS: TableColumn[] = [
  { title: '资产', width: 20.5 },
  { title: '年初数', width: 14.75, money: true },
  { title: '期末数', width: 14.75, money: true },
  { title: '负债和净资产', width: 20.5 },
  { title: '年初数', width: 14.75, money: true },
  { title: '期末数', width: 14.75, money: true },
];

type Side = [TableCell, string, string];
const EMPTY: Side = ['', '', ''];
const line = (l: StatementLineModel): Side => [{ text: `${l.code} ${l.name}`, indent: 8 }, formatAmount(l.yearStart), formatAmount(l.periodEnd)];
const group = (title: string): Side => [{ text: title, bold: true }, '', ''];
const subtotal = (title: string, total: { yearStart: string; periodEnd: string }): Side => [
  { text: title, bold: true },
  formatAmount(total.yearStart),
  formatAmount(total.periodEnd),
];

export function drawBalanceSheet(canvas: ReportCanvas, model: BalanceSheetModel): void {
  canvas.caption(`会计期间：${periodLabel(model.period)}（期末）`, '金额单位：元');
  const left: Side[] = [group('资产'), ...model.assets.map(line)];
  const right: Side[] = [
    group('负债'),
    ...model.liabilities.map(line),
    subtotal('负债合计', model.totalLiabilities),
    group('净资产'),
    ...model.netAssets.map(line),
    subtotal('净资产合计', model.totalNetAssets),
  ];
  const table = new ReportTable(canvas, COLUMNS, { continuedLabel: '资产负债表（续）' }).start();
  const rows = Math.max(left.length, right.length);
  for (let index = 0; index < rows; index += 1) {
    table.row([...(left[index] ?? EMPTY), ...(right[index] ?? EMPTY)]);
  }
  table.totals([
    '资产总计',
    formatAmount(model.totalAssets.yearStart),
    formatAmount(model.totalAssets.periodEnd),
    '负债和净资产总计',
    formatAmount(model.totalLiabilitiesAndNetAssets.yearStart),
    formatAmount(model.totalLiabilitiesAndNetAssets.periodEnd),
  ]);
  table.end();
  if (!model.balanced) canvas.caption('资产总计与负债和净资产总计不相等，请核查。', '', { colour: COLOURS.warning, bold: true, keepWithNext: false });
}

export function renderBalanceSheet(model: BalanceSheetModel, meta: ReportMeta): PDFKit.PDFDocument {
  const canvas = createReportCanvas(meta, { layout: BALANCE_SHEET_LAYOUT });
  drawBalanceSheet(canvas, model);
  canvas.finish();
  return canvas.doc;
}
