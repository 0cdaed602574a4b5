import { saveBlob } from './api/download';
import { xlsxBytes, type XlsxColumn } from './xlsx';

export type { XlsxColumn } from './xlsx';

/** "导出Excel" of a table: the rows it shows, with its columns, saved as `<filename>.xlsx`. */
export function exportXlsx<Row>(filename: string, columns: XlsxColumn<Row>[], rows: readonly Row[]): void {
  const bytes = xlsxBytes(filename, columns, rows);
  const blob = new Blob([bytes as BlobPart], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  saveBlob(blob, filename.endsWith('.xlsx') ? filename : `${filename}.xlsx`);
}
