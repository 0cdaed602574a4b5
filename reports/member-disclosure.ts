import type { DisclosureLineModel, MemberDisclosureModel } from './models.js';
import { dateLabel, formatAmount, periodRangeLabel } from './pdf/format.js';
import { COLOURS, createReportCanvas, type ReportCanvas, type ReportMeta } from './pdf/report-canvas.js';
import { ReportTable, type TableColumn } from './pdf/table.js';

/** 财务公开: a union's income and spending by category for a period, worded for the members' notice board; portrait. */
export const MEMBER_DISCLOSURE_LAYOUT = 'portrait' as const;

const LINES: TableColumn[] = [
  { title: '序号', width: 7, align: 'center' },
  { title: '项目', width: 36 },
  { title: '金额（元）', width: 20, money: true },
  { title: '说明', width: 37 },
];

const BALANCE: TableColumn[] = [
  { title: '期初经费结余', width: 1, money: true, align: 'center' },
  { title: '本期收入', width: 1, money: true, align: 'center' },
  { title: '本期支出', width: 1, money: true, align: 'center' },
  { title: '期末经费结余', width: 1, money: true, align: 'center' },
];

export function drawMemberDisclosure(canvas: ReportCanvas, model: MemberDisclosureModel): void {
  const period = periodRangeLabel(model.periodFrom, model.periodTo);
  canvas.heading(`${model.unionName}`, { size: 17, align: 'center' });
  canvas.heading('经费收支情况公示', { size: 17, align: 'center' });
  canvas.paragraph(`（${period}）`, { size: 10.5, align: 'center', colour: COLOURS.muted });
  canvas.gap(8);
  canvas.paragraph(
    `全体会员：为落实工会财务公开制度，保障会员的知情权、参与权和监督权，现将本会${period}工会经费收支情况公示如下，欢迎广大会员监督。`,
    { size: 10.5, lineGap: 5 },
  );
  canvas.gap(8);
  const lines = (title: string, items: DisclosureLineModel[], totalTitle: string, total: string) => {
    canvas.heading(title, { size: 11.5 });
    const table = new ReportTable(canvas, LINES, { fontSize: 10, continuedLabel: `${title}（续）` }).start();
    items.forEach((item, index) => table.row([String(index + 1), item.category, formatAmount(item.amount), item.note ?? '']));
    table.totals(['', totalTitle, formatAmount(total), '']);
    table.end();
  };
  lines('一、经费收入', model.income, '收入合计', model.totalIncome);
  lines('二、经费支出', model.expenditure, '支出合计', model.totalExpenditure);
  canvas.heading('三、经费结余', { size: 11.5 });
  const balance = new ReportTable(canvas, BALANCE, { fontSize: 10, zebra: false }).start();
  balance.row([model.fundBalanceStart, model.totalIncome, model.totalExpenditure, model.fundBalanceEnd].map(formatAmount), { bold: true });
  balance.end();
  canvas.paragraph(
    `本期收入 ${formatAmount(model.totalIncome)} 元，支出 ${formatAmount(model.totalExpenditure)} 元；期末经费结余 ${formatAmount(model.fundBalanceEnd)} 元。`,
    { size: 10.5, lineGap: 5 },
  );
  canvas.gap(6);
  canvas.paragraph(
    `公示期间，会员对上述收支情况如有疑问或意见，可向本会经费审查委员会反映${model.contact ? `（${model.contact}）` : ''}。`,
    { size: 10.5, lineGap: 5 },
  );
  canvas.gap(18);
  canvas.paragraph(model.unionName, { size: 10.5, align: 'right' });
  if (model.publishedOn) canvas.paragraph(dateLabel(model.publishedOn), { size: 10.5, align: 'right' });
}

export function renderMemberDisclosure(model: MemberDisclosureModel, meta: ReportMeta): PDFKit.PDFDocument {
  const canvas = createReportCanvas(meta, { layout: MEMBER_DISCLOSURE_LAYOUT });
  drawMemberDisclosure(canvas, model);
  canvas.finish();
  return canvas.doc;
}
