import { Injectable } from '@nestjs/common';
import { BankingService } from '../banking/index.js';
import type { RequestContext } from '../common/request-context.js';
import type { Table } from '../common/tabular.js';
import { DuesImport, type Progress } from '../dues/index.js';
import type { ImportKind, ImportSummary, ReceiptChannel } from './import-kinds.js';

/**
 * Applies a file's rows, whoever asked (the CLI's `import` command or a console upload): payroll and receipts through
 * the dues context (a chunk of 100 rows per transaction, a savepoint per row, keys that make a re-run apply nothing
 * twice), a bank statement through the banking context (one statement; the same lines again add nothing).
 */
@Injectable()
export class ImportRunner {
  constructor(
    private readonly dues: DuesImport,
    private readonly banking: BankingService,
  ) {}

  async apply(
    ctx: RequestContext,
    centreId: string,
    kind: ImportKind,
    table: Table,
    options: { sourceName: string; channel?: ReceiptChannel; progress?: Progress },
  ): Promise<ImportSummary> {
    const progress = options.progress ?? (() => undefined);
    if (kind === 'payroll') return this.dues.payroll(ctx, centreId, table, progress);
    if (kind === 'receipts') return this.dues.receipts(ctx, centreId, table, options.channel ?? 'tax', progress);
    const summary = await this.banking.importTable(ctx, centreId, table, options.sourceName);
    progress(table.rows.length, table.rows.length);
    return summary;
  }
}
