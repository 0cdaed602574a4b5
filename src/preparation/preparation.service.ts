import { Injectable } from '@nestjs/common';
import { actorOf, AuditedWrite } from '../audit/index.js';
import { assertCentreVisible } from '../auth/index.js';
import { formatMoney, money, ZERO } from '../common/money.js';
import type { RequestContext } from '../common/request-context.js';
import { DuesService, preparationTransfer, ruleInEffect } from '../dues/index.js';
import type { FoundingView, FoundUnionDto } from '../dues/index.js';
import { DuesErrors } from '../dues/index.js';
import { LedgerService } from '../ledger/index.js';
import { UnionsService } from '../org/index.js';

/**
 * 建会筹备金: an enterprise without a union pays the same dues, held by the street union against the enterprise
 * (21203 应付建会筹备金). Founding its union opens the new union's sub-account and moves the held funds by the
 * centre's rule: the transfer share to the new union as income, the rest owed upward by the street union.
 */
@Injectable()
export class PreparationService {
  constructor(
    private readonly write: AuditedWrite,
    private readonly dues: DuesService,
    private readonly unions: UnionsService,
    private readonly ledger: LedgerService,
  ) {}

  foundUnion(ctx: RequestContext, centreId: string, enterpriseId: string, dto: FoundUnionDto): Promise<FoundingView> {
    assertCentreVisible(ctx.principal, centreId);
    return this.write.run(actorOf(ctx), async (manager) => {
      const enterprise = await this.dues.lockEnterprise(manager, centreId, enterpriseId);
      if (enterprise.union_id) throw DuesErrors.alreadyHasUnion();
      const street = await this.dues.streetUnion(manager, centreId);
      const union = await this.unions.insertUnion(manager, centreId, {
        code: dto.unionCode,
        name: dto.unionName,
        kind: 'grassroots',
        parentUnionId: dto.parentUnionId ?? street,
        memberCount: dto.memberCount,
        foundedOn: dto.foundedOn,
      });
      await manager.query('UPDATE enterprise SET union_id = $3, updated_at = now() WHERE centre_id = $1 AND id = $2', [centreId, enterpriseId, union.id]);

      // what the street union holds for this enterprise: its 21203 lines that name the enterprise
      const [row] = await manager.query(
        `SELECT coalesce(sum(l.credit - l.debit), 0) AS held
           FROM journal_line l JOIN journal_entry e ON e.centre_id = l.centre_id AND e.id = l.entry_id
           JOIN account a ON a.id = l.account_id
          WHERE l.centre_id = $1 AND l.union_id = $2 AND l.enterprise_id = $3 AND a.code = '21203' AND e.status = 'posted'`,
        [centreId, street, enterpriseId],
      );
      const held = money(row.held);
      const rule = ruleInEffect(await this.dues.loadRules(manager, centreId), dto.foundedOn, enterprise.dues_class);
      if (!rule) throw DuesErrors.noRule(dto.foundedOn);
      const { transferred, remainder } = preparationTransfer(held, rule.preparationTransferShare);
      // the credits held with the preparation fund move with it: none is left to pay a later period
      await this.dues.consumeCredits(manager, centreId, enterpriseId, 'founding');

      const audit = [
        this.unions.createdAudit(union),
        { centreId, action: 'preparation.found-union', objectType: 'enterprise', objectId: enterpriseId,
          detail: { unionId: union.id, foundedOn: dto.foundedOn, held: formatMoney(held), transferred: formatMoney(transferred), remainder: formatMoney(remainder) } },
      ];
      let entryId: string | null = null;
      if (held.greaterThan(0)) {
        const lines = [
          { unionId: street, accountCode: '21203', debit: held, credit: ZERO, enterpriseId },
          ...(transferred.greaterThan(0) ? [{ unionId: street, accountCode: '102', debit: ZERO, credit: transferred, enterpriseId }] : []),
          ...(remainder.greaterThan(0) ? [{ unionId: street, accountCode: '211', debit: ZERO, credit: remainder, enterpriseId }] : []),
          ...(transferred.greaterThan(0)
            ? [
                { unionId: union.id, accountCode: '102', debit: transferred, credit: ZERO, enterpriseId },
                { unionId: union.id, accountCode: '40201', debit: ZERO, credit: transferred, enterpriseId },
              ]
            : []),
        ];
        const posted = await this.ledger.postEntry(manager, actorOf(ctx), {
          centreId,
          date: dto.foundedOn,
          memo: `建会筹备金划转：${dto.unionName}`.slice(0, 200),
          source: 'preparation',
          lines,
        });
        entryId = posted.entry.id;
        audit.push(posted.audit as (typeof audit)[number]);
      }
      return {
        result: { unionId: union.id, enterpriseId, held: formatMoney(held), transferred: formatMoney(transferred), remainder: formatMoney(remainder), entryId },
        audit,
      };
    });
  }
}
