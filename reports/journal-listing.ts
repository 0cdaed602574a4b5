import type { ItemSource, JournalEntryModel, ScopeUnionModel } from './models.js';
import { formatAmount, fromFen, prefix, toFen } from './pdf/format.js';
import { COLOURS, renderAsync, type ReportCanvas, type ReportMeta } from './pdf/report-canvas.js';
import { ReportTable, type TableColumn } from './pdf/table.js';

/** 凭证清单: every entry with its lines (union, account, debit, credit), written as the entries come; landscape. */
export const JOURNAL_LISTING_LAYOUT = 'landscape' as const;

const COLUMNS: TableColumn[] = [
  { title: '凭证号', width: 7, align: 'center' },
  { title: '日期', width: 9, align: 'center' },
  { title: '摘要', width: 25 },
  { title: '工会', width: 19 },
  { title: '会计科目', width: 18 },
  { title: '借方金额', width: 11, money: true },
  { title: '贷方金额', width: 11, money: true },
];

export interface JournalListingModel {
  /** The unions the lines belong to, to name them (a line's own unionName wins). */
  unions?: ScopeUnionModel[];
  entries: ItemSource<JournalEntryModel>;
}

export interface JournalListingSummary {
  entries: number;
  lines: number;
  totalDebit: string;
  totalCredit: string;
}

/**
 * Writes the entries as the source yields them, waiting for the reader between entries: one entry is held at a time,
 * whatever the length of the year. The totals are summed on the way, in whole fen.
 */
export async function drawJournalListing(
  canvas: ReportCanvas,
  entries: ItemSource<JournalEntryModel>,
  options: { unions?: ScopeUnionModel[] } = {},
): Promise<JournalListingSummary> {
  const unionNames = new Map((options.unions ?? []).map((union) => [union.id, union.name]));
  canvas.caption('已记账凭证及其分录，按凭证号排列', '金额单位：元');
  const table = new ReportTable(canvas, COLUMNS, { continuedLabel: '凭证清单（续）', zebra: false }).start();
  let entryCount = 0;
  let lineCount = 0;
  let debit = 0n;
  let credit = 0n;
  for await (const entry of entries) {
    const number = entry.number == null ? '未记账' : String(entry.number);
    const fill = entryCount % 2 === 1 ? COLOURS.zebraFill : undefined;
    entry.lines.forEach((line, index) => {
      const union = line.unionName ?? unionNames.get(line.unionId) ?? prefix(line.unionId, 8);
      const cells = [
        index === 0 ? number : '',
        index === 0 ? entry.date : '',
        index === 0 ? entry.memo : '',
        union,
        `${line.accountCode} ${line.accountName}`,
        formatAmount(line.debit),
        formatAmount(line.credit),
      ];
      if (index > 0 && !table.fits(cells)) {
        // An entry that runs onto the next page says whose lines follow.
        table.breakPage();
        cells[0] = `${number}（续）`;
        cells[1] = entry.date;
      }
      table.row(cells, { ruleAbove: index === 0, fill });
      debit += toFen(line.debit);
      credit += toFen(line.credit);
    });
    entryCount += 1;
    lineCount += entry.lines.length;
    await canvas.drained();
  }
  const summary = { entries: entryCount, lines: lineCount, totalDebit: fromFen(debit), totalCredit: fromFen(credit) };
  table.totals(['合计', '', `${summary.entries} 张凭证，${summary.lines} 条分录`, '', '', formatAmount(summary.totalDebit), formatAmount(summary.totalCredit)]);
  table.end();
  return summary;
}

/** The journal listing as a report of its own; the entries may be an async generator over a database cursor. */
export function renderJournalListing(model: JournalListingModel, meta: ReportMeta): PDFKit.PDFDocument {
  return renderAsync(meta, JOURNAL_LISTING_LAYOUT, async (canvas) => {
    await drawJournalListing(canvas, model.entries, { unions: model.unions });
  });
}
