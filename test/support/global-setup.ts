import { randomBytes } from 'node:crypto';

/**
 * Once per run, before the workers start. Only a run id is made here: jest loads this file as CommonJS, which cannot
 * load the ESM app code, so the workers find the server and build the migrated template themselves
 * (test-database.ts), taking turns through locks.
 */
export default async function globalSetup(): Promise<void> {
  process.env.DCL_TEST_RUN_ID = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
}
