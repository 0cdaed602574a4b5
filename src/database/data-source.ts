import { DataSource, type DataSourceOptions } from 'typeorm';
import { Foundation1764130000000 } from '../../migrations/1764130000000-Foundation.js';
import { Ledger1764216000000 } from '../../migrations/1764216000000-Ledger.js';
import { Dues1764302400000 } from '../../migrations/1764302400000-Dues.js';
import { Banking1764388800000 } from '../../migrations/1764388800000-Banking.js';
import { Budgets1764475200000 } from '../../migrations/1764475200000-Budgets.js';
import { Spending1764561600000 } from '../../migrations/1764561600000-Spending.js';
import { Engagements1764648000000 } from '../../migrations/1764648000000-Engagements.js';
import { ImportRuns1764734400000 } from '../../migrations/1764734400000-ImportRuns.js';
import { DatabaseDefence1765512000000 } from '../../migrations/1765512000000-DatabaseDefence.js';
import { PostingHotPath1765598400000 } from '../../migrations/1765598400000-PostingHotPath.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/** Every migration, in order. Classes rather than a glob, so the compiled app and the tests load the same list. */
export const MIGRATIONS = [
  Foundation1764130000000,
  Ledger1764216000000,
  Dues1764302400000,
  Banking1764388800000,
  Budgets1764475200000,
  Spending1764561600000,
  Engagements1764648000000,
  ImportRuns1764734400000,
  DatabaseDefence1765512000000,
  PostingHotPath1765598400000,
];

/** The application's database name on the embedded cluster. */
export const EMBEDDED_DATABASE = 'dues_ledger';

export function dataSourceOptions(url: string, entities: DataSourceOptions['entities'] = []): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: false,
    extra: { max: 20, application_name: 'dues-custody-ledger' },
  };
}

/** Applies pending migrations; returns the names of those applied. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    // tables of later migrations get the service role's grants and the centre binding too
    if (applied.length > 0) {
      const [{ present }] = await dataSource.query(`SELECT to_regprocedure('dcl_apply_defences()') IS NOT NULL AS present`);
      if (present) await dataSource.query('SELECT dcl_apply_defences()');
    }
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
