import { createHmac } from 'node:crypto';
import pg from 'pg';

/**
 * The role the service works as (migration DatabaseDefence): it reads and writes rows but owns nothing, so even raw
 * SQL run by the service cannot alter the schema, switch off a trigger, rewrite the audit trail or touch a posted line.
 * DATABASE_URL names the owner, which runs the migrations and lets `dcl_app` log in here.
 */
export const APP_ROLE = 'dcl_app';

export interface AppConnection {
  url: string;
  /** The role the service's pool logs in as: `dcl_app`, or the owner where the server would not let us create it. */
  role: string;
  /** Why the service works as the owner, when it does. */
  warning?: string;
}

/**
 * The app role's password: derived from the owner's URL, so that every instance of the service given the same
 * DATABASE_URL arrives at the same password (no instance locks out another) and nobody without the owner's password
 * can derive it.
 */
export function appRolePassword(ownerUrl: string): string {
  const url = new URL(ownerUrl);
  return createHmac('sha256', `${decodeURIComponent(url.password)}\u0000${decodeURIComponent(url.username)}`)
    .update(`${APP_ROLE}@${url.hostname}:${url.port || '5432'}`)
    .digest('base64url');
}

export function appRoleUrl(ownerUrl: string): string {
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = appRolePassword(ownerUrl);
  return url.toString();
}

async function canLogIn(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The URL the service's pool should use. Tries `dcl_app` first; when it cannot log in yet, the owner gives it LOGIN and
 * the derived password, then it tries again. Where the owner may not (no CREATEROLE, or the migration could not create
 * the role) the service keeps the owner's URL and says why.
 */
export async function appConnection(ownerUrl: string): Promise<AppConnection> {
  const url = appRoleUrl(ownerUrl);
  if (await canLogIn(url)) return { url, role: APP_ROLE };
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    const { rowCount } = await owner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
    if (rowCount === 0) return { url: ownerUrl, role: 'owner', warning: `role ${APP_ROLE} does not exist (the owner may not create roles)` };
    // concurrent starts on one server (test workers) may collide on the role's catalogue row: try a few times
    for (let attempt = 1; ; attempt += 1) {
      try {
        await owner.query(`ALTER ROLE ${APP_ROLE} WITH LOGIN PASSWORD ${pg.escapeLiteral(appRolePassword(ownerUrl))}`);
        break;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === '42501') return { url: ownerUrl, role: 'owner', warning: `the owner may not let ${APP_ROLE} log in` };
        if (attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  } finally {
    await owner.end();
  }
  if (await canLogIn(url)) return { url, role: APP_ROLE };
  return { url: ownerUrl, role: 'owner', warning: `${APP_ROLE} cannot log in to this server (check pg_hba.conf)` };
}
