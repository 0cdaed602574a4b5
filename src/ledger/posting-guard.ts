import type { EntityManager } from 'typeorm';
import type { DomainError } from '../common/domain-error.js';
import type { Chart } from './chart.js';
import type { EntryDraft } from './posting.js';

/**
 * A rule another context adds to posting (budget control). It runs after rules 1–7 pass, inside the posting
 * transaction; with `lock` it locks what it reads, because the writes follow. It answers the error that refuses the
 * entry, or nothing.
 */
export interface PostingGuard {
  check(manager: EntityManager, centreId: string, draft: EntryDraft, chart: Chart, lock: boolean): Promise<DomainError | undefined>;
}
