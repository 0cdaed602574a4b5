export { dataSourceOptions, EMBEDDED_DATABASE, MIGRATIONS, runMigrations } from './data-source.js';
export { ensureDatabase, startEmbeddedPostgres } from './embedded-postgres.js';
export type { EmbeddedCluster } from './embedded-postgres.js';
