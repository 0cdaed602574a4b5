export { dataSourceOptions, EMBEDDED_DATABASE, MIGRATIONS, runMigrations } from './data-source.js';
export { ensureDatabase, startEmbeddedPostgres } from './embedded-postgres.js';
export type { EmbeddedCluster } from './embedded-postgres.js';
export { APP_ROLE, appConnection, type AppConnection } from './app-role.js';
export { bindTransactionToCentre } from './centre-binding.js';
