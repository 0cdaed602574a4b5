import { ALL_ROLES } from '../../src/auth/roles.js';
import { MENU, menuFor, ROLE_NAMES, ROLES } from '../../web/src/menu.js';

describe('console menu (web/src/menu.ts)', () => {
  it('knows exactly the roles of the service', () => {
    expect([...ROLES].sort()).toEqual([...ALL_ROLES].sort());
    expect(Object.keys(ROLE_NAMES).sort()).toEqual([...ALL_ROLES].sort());
  });

  it('shows every role only its own screens, and never an empty group', () => {
    for (const role of ROLES) {
      for (const group of menuFor(role)) {
        expect(group.items.length).toBeGreaterThan(0);
        for (const item of group.items) expect(item.roles).toContain(role);
      }
    }
  });

  it('gives voucher entry to the accountant and the approval queue to the supervisor', () => {
    const paths = (role: (typeof ROLES)[number]) => menuFor(role).flatMap((group) => group.items.map((item) => item.path));
    expect(paths('centre_accountant')).toContain('/vouchers/new');
    expect(paths('centre_accountant')).not.toContain('/approvals');
    expect(paths('centre_supervisor')).toContain('/approvals');
    expect(paths('centre_supervisor')).not.toContain('/vouchers/new');
    expect(paths('member')).not.toContain('/vouchers');
  });

  it('gives the statement to the enterprise and their own engagements to each kind of auditor', () => {
    const paths = (role: (typeof ROLES)[number]) => menuFor(role).flatMap((group) => group.items.map((item) => item.path));
    expect(paths('enterprise')).toEqual(['/dues/statement']);
    for (const auditor of ['internal_auditor', 'state_auditor', 'social_auditor'] as const) {
      expect(paths(auditor)).toContain('/audit/mine');
      expect(paths(auditor)).not.toContain('/dues/statement');
    }
    expect(paths('centre_supervisor')).not.toContain('/audit/mine');
  });

  it('has one path per screen', () => {
    const all = MENU.flatMap((group) => group.items.map((item) => item.path));
    expect(new Set(all).size).toBe(all.length);
  });
});
