import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS } from '../../src/database/index.js';
import { createTestDatabase } from '../support/test-database.js';

describe('migrations', () => {
  it('undo to an empty schema and apply again', async () => {
    const database = await createTestDatabase();
    const dataSource = new DataSource(dataSourceOptions(database.url));
    await dataSource.initialize();
    try {
      const tables = async () =>
        (await dataSource.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migration'`))[0].n;
      expect(await tables()).toBeGreaterThan(0);
      for (let i = 0; i < MIGRATIONS.length; i += 1) await dataSource.undoLastMigration({ transaction: 'each' });
      expect(await tables()).toBe(0);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      expect(applied).toHaveLength(MIGRATIONS.length);
      expect(await tables()).toBeGreaterThan(0);
    } finally {
      await dataSource.destroy();
      await database.drop();
    }
  });
});
