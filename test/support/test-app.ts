import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';
import request from 'supertest';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/app.setup.js';
import { UsersService } from '../../src/auth/users.service.js';
import { type AppConfig, loadConfig } from '../../src/config/index.js';
import { createTestDatabase, withClient } from './test-database.js';

export const ADMIN_PASSWORD = 'admin-password-for-tests';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  /** A privileged connection to the test database, for checks and for tampering on purpose. */
  sql: pg.Pool;
  api: Api;
  adminToken: string;
  close: () => Promise<void>;
}

/**
 * An app on a database of its own, with the system administrator bootstrapped and logged in. `env` overrides the
 * environment the app reads (e.g. a shorter token lifetime); `quickCommits` turns synchronous_commit off for that
 * database only.
 */
export async function createTestApp(env: Record<string, string> = {}, options: { quickCommits?: boolean } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  if (options.quickCommits) {
    // for suites that make thousands of small writes and never test durability: commits stop waiting for the disk
    await withClient(database.url, (client) => client.query(`ALTER DATABASE ${database.name} SET synchronous_commit = off`));
  }
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'dcl-test-')),
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'silent',
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_PASSES: '1',
      LOGIN_ATTEMPTS_PER_ADDRESS: '100000',
      ...env,
    },
    [],
  );
  // made as main.ts makes it, not through @nestjs/testing: modules that look at the HTTP adapter when instantiated
  // (the console's ServeStaticModule) see it only then; a failing start-up throws here instead of aborting the process
  const app = await NestFactory.create(AppModule.register(config), { bufferLogs: true, abortOnError: false });
  configureApp(app);
  await app.init();
  await app.get(UsersService).bootstrapSystemAdmin(ADMIN_PASSWORD);
  const api = new Api(app);
  const adminToken = await api.login('admin', ADMIN_PASSWORD);
  const sql = new pg.Pool({ connectionString: database.url, max: 4 });
  return {
    app,
    config,
    sql,
    api,
    adminToken,
    close: async () => {
      await sql.end();
      await app.close();
      await database.drop();
    },
  };
}

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** supertest with the bearer token and JSON body filled in. */
export class Api {
  constructor(private readonly app: INestApplication) {}

  http() {
    return request(this.app.getHttpServer());
  }

  call(method: Method, path: string, token?: string, body?: unknown) {
    let test = this.http()[method](`/api/v1${path}`);
    if (token) test = test.set('Authorization', `Bearer ${token}`);
    if (body !== undefined) test = test.send(body as object);
    return test;
  }

  get(path: string, token?: string) {
    return this.call('get', path, token);
  }
  post(path: string, token: string | undefined, body: unknown) {
    return this.call('post', path, token, body);
  }
  patch(path: string, token: string | undefined, body: unknown) {
    return this.call('patch', path, token, body);
  }
  delete(path: string, token?: string) {
    return this.call('delete', path, token);
  }

  async login(username: string, password: string): Promise<string> {
    const response = await this.post('/auth/login', undefined, { username, password });
    if (response.status !== 200) throw new Error(`login of ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.accessToken as string;
  }
}

/** Asserts the RFC 9457 shape and returns the body. */
export function expectProblem(response: request.Response, status: number, code?: string) {
  if (response.status !== status) {
    throw new Error(`expected ${status}${code ? ` ${code}` : ''}, got ${response.status}: ${JSON.stringify(response.body)}`);
  }
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toEqual(
    expect.objectContaining({
      type: expect.stringMatching(/^urn:dues-custody-ledger:problem:/),
      title: expect.any(String),
      status,
      code: expect.any(String),
      errors: expect.any(Array),
    }),
  );
  if (code) expect(response.body.code).toBe(code);
  return response.body as { code: string; detail?: string; errors: Array<{ field: string; message: string }> };
}
