import { registerConstraintErrors } from '../common/database-errors.js';
import { CommonErrors, DomainError } from '../common/domain-error.js';

export const ImportErrors = {
  noFile: () => CommonErrors.validation([{ field: 'file', message: 'file is required: the CSV or XLSX file to import' }], 'No file was uploaded.'),
  emptyFile: () => new DomainError('IMPORTS.EMPTY_FILE', 400, 'Empty file', 'The file holds no data rows.', [{ field: 'file', message: 'the file holds no data rows' }]),
  unreadableFile: (detail: string) =>
    new DomainError('IMPORTS.UNREADABLE_FILE', 400, 'Unreadable file', detail, [{ field: 'file', message: detail }]),
  tooManyRows: (detail: string) => new DomainError('IMPORTS.TOO_MANY_ROWS', 413, 'Too many rows', detail, [{ field: 'file', message: detail }]),
  wrongColumns: (kind: string, missing: string) =>
    CommonErrors.unprocessable('IMPORTS.WRONG_COLUMNS', `The file's headings are not those of a ${kind} file (${missing}); see docs/imports.md.`, [
      { field: 'file', message: missing },
    ]),
  channelNotReceipts: () => CommonErrors.validation([{ field: 'channel', message: 'channel is only for kind receipts' }]),
  alreadyRunning: () =>
    CommonErrors.conflict('IMPORTS.ALREADY_RUNNING', 'The same file of the same kind is being imported right now; wait for that run to finish.'),
  runNotFound: (id: string) => CommonErrors.notFound('Import run', id),
  runNotFinished: () => CommonErrors.conflict('IMPORTS.RUN_NOT_FINISHED', 'The run has not finished yet; its refused rows are listed when it is done.'),
};

registerConstraintErrors({ import_run_one_running: ImportErrors.alreadyRunning });
