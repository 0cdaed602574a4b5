import { resolve } from 'node:path';
import { type EmbeddedCluster, startEmbeddedPostgres } from '../../src/database/index.js';

/** The PostgreSQL server a benchmark runs on: DATABASE_URL's, or the embedded one in .data/bench. */
export interface BenchServer {
  adminUrl: string;
  description: string;
  stop: () => Promise<void>;
}

/** The URL of another database on the same server. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function startBenchServer(port: number, log: (message: string) => void): Promise<BenchServer> {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    return { adminUrl: process.env.DATABASE_URL, description: `external (DATABASE_URL ${url.hostname}:${url.port || 5432})`, stop: async () => undefined };
  }
  const dataDir = resolve('.data/bench');
  log(`starting the embedded PostgreSQL in ${dataDir} on port ${port}`);
  const cluster: EmbeddedCluster = await startEmbeddedPostgres({ dataDir, port, database: 'postgres', log });
  return { adminUrl: cluster.url('postgres'), description: `embedded (${dataDir}, port ${port})`, stop: () => cluster.stop() };
}
