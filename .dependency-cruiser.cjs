/**
 * Architecture rules (DESIGN.md §4, STYLE.md §1), checked in CI:
 * - a context is a folder under src/; another context reaches it only through its index.ts;
 *   common/, config/ and database/ are shared by all; the composition root (main.ts, app.module.ts, app.setup.ts,
 *   cli/) wires contexts together and may reach in;
 * - reports/ and the pure domain-rule files import no database code, so they test without a database;
 * - no import cycles.
 */
const PURE_RULE_FILES = '(^reports/|^src/common/(canonical-json|domain-error|money)\\.ts$|^src/audit/chain\\.ts$|^src/org/(uscc|union-hierarchy)\\.ts$)';

module.exports = {
  forbidden: [
    {
      name: 'context-public-surface',
      comment: "Import another context only through its index.ts",
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: '^src/cli/' },
      to: {
        path: '^src/([^/]+)/',
        pathNot: ['^src/$1/', '^src/(common|config|database)/', '^src/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'pure-rules-need-no-database',
      comment: 'Pure domain rules and report layouts must not import database code',
      severity: 'error',
      from: { path: PURE_RULE_FILES },
      to: { path: '(^node_modules/(typeorm|pg|@nestjs/typeorm)/|^src/database/)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'tests-stay-out-of-the-app',
      severity: 'error',
      from: { path: '^(src|migrations|reports)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.test.json' },
    exclude: { path: '(^dist/|\\.spec\\.ts$)' },
  },
};
