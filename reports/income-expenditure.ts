import type { IncomeExpenditureModel, IncomeLineModel } from './models.js';
import { formatAmount, periodLabel } from './pdf/format.js';
import { createReportCanvas, type ReportCanvas, type ReportMeta } from './pdf/report-canvas.js';
import { ReportTable, type TableColumn } from './pdf/table.js';

/** 收入支出表: income and expenditure by account, 本月数 and 本年累计数, and the surplus; portrait. */
export const INCOME_EXPENDITURE_LAYOUT = 'portrait' as const;

const COLUMNS: TableColumn[] = [
  { title: '项目', width: 40 },
  { title: '科目编码', width: 12, align: 'center' },
  { title: '本月数', width: 18, money: true },
  { title: '本年累计数', width: 18, money: true },
];

export function drawIncomeExpenditure(canvas: ReportCanvas, model: IncomeExpenditureModel): void {
  canvas.caption(`会计期间：${periodLabel(model.period)}`, '金额单位：元');
  const table = new ReportTable(canvas, COLUMNS, { fontSize: 9, continuedLabel: '收入支出表（续）' }).start();
  const line = (l: IncomeLineModel) => table.row([{ text: l.name, indent: 14 }, l.code, formatAmount(l.month), formatAmount(l.yearToDate)]);
  table.span('一、收入', { bold: true });
  model.income.forEach(line);
  table.row([{ text: '收入合计', bold: true, indent: 7 }, '', formatAmount(model.totalIncome.month), formatAmount(model.totalIncome.yearToDate)], { bold: true });
  table.span('二、支出', { bold: true });
  model.expenditure.forEach(line);
  table.row([{ text: '支出合计', bold: true, indent: 7 }, '', formatAmount(model.totalExpenditure.month), formatAmount(model.totalExpenditure.yearToDate)], { bold: true });
  table.totals(['三、收支结余', '', formatAmount(model.surplus.month), formatAmount(model.surplus.yearToDate)]);
  table.end();
}

export function renderIncomeExpenditure(model: IncomeExpenditureModel, meta: ReportMeta): PDFKit.PDFDocument {
  const canvas = createReportCanvas(meta, { layout: INCOME_EXPENDITURE_LAYOUT });
  drawIncomeExpenditure(canvas, model);
  canvas.finish();
  return canvas.doc;
}
