import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number.parseInt(String(value), 10);
const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  const text = String(value).toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  return value; // left as is so that validation names the bad value
};

/**
 * The environment the service reads, validated once at start. Anything wrong stops the start with a message naming
 * the variable; secrets are never echoed.
 */
export class EnvironmentSchema {
  @IsOptional() @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsOptional() @IsString() @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  /** Where the embedded PostgreSQL cluster, the generated dev secrets and the demo logins are kept. */
  @IsOptional() @IsString()
  DATA_DIR = '.data';

  @IsOptional() @Transform(toInt) @IsInt() @Min(1024) @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  @IsOptional() @IsString() @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /** Lifetime of a login token. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(7 * 24 * 3600)
  TOKEN_TTL_SECONDS = 8 * 3600;

  /** argon2id cost; the defaults follow OWASP's minimum (19 MiB, 2 passes). Tests lower the memory to stay fast. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1024) @Max(1024 * 1024)
  ARGON2_MEMORY_KIB = 19456;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(10)
  ARGON2_PASSES = 2;

  /** Login attempts allowed per client address and user name in one window. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100000)
  LOGIN_ATTEMPTS_PER_WINDOW = 5;

  /** Login attempts allowed per client address in one window, whatever the user name. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000000)
  LOGIN_ATTEMPTS_PER_ADDRESS = 30;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(86400)
  LOGIN_WINDOW_SECONDS = 60;

  /** Load the demo centre on first start with an empty database. `--no-demo` on the command line also turns it off. */
  @IsOptional() @Transform(toBool) @IsBoolean()
  DEMO_DATA = true;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** The built web console (web/dist), served at `/`; relative paths are taken from the working directory. */
  @IsOptional() @IsString()
  CONSOLE_DIR = 'web/dist';

  /** Password for the first system administrator when the database has no user at all; generated when unset. */
  @IsOptional() @IsString() @MinLength(10)
  ADMIN_PASSWORD?: string;
}

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  port: number;
  /** Set when an external PostgreSQL is used; unset means the embedded cluster under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  embeddedPgPort: number;
  jwtSecret: string;
  tokenTtlSeconds: number;
  argon2: { memoryKib: number; passes: number };
  login: { attemptsPerWindow: number; attemptsPerAddress: number; windowSeconds: number };
  demoData: boolean;
  logLevel: string;
  adminPassword?: string;
  /** Absolute path of the built web console. */
  consoleDir: string;
}

export class ConfigError extends Error {}

/** Reads and validates the environment. `argv` may carry `--no-demo`. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv): AppConfig {
  const raw = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const schema = plainToInstance(EnvironmentSchema, raw, { exposeDefaultValues: true });
  const errors = validateSync(schema, { whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`invalid environment:\n${lines.join('\n')}`);
  }
  const dataDir = resolve(schema.DATA_DIR);
  const embedded = !schema.DATABASE_URL;
  let jwtSecret = schema.JWT_SECRET;
  if (!jwtSecret) {
    if (schema.NODE_ENV === 'production' && !embedded) {
      throw new ConfigError('invalid environment:\n  JWT_SECRET: required in production with an external DATABASE_URL');
    }
    jwtSecret = developmentSecret(dataDir);
  }
  return {
    env: schema.NODE_ENV,
    port: schema.PORT,
    databaseUrl: schema.DATABASE_URL,
    dataDir,
    embeddedPgPort: schema.EMBEDDED_PG_PORT,
    jwtSecret,
    tokenTtlSeconds: schema.TOKEN_TTL_SECONDS,
    argon2: { memoryKib: schema.ARGON2_MEMORY_KIB, passes: schema.ARGON2_PASSES },
    login: {
      attemptsPerWindow: schema.LOGIN_ATTEMPTS_PER_WINDOW,
      attemptsPerAddress: schema.LOGIN_ATTEMPTS_PER_ADDRESS,
      windowSeconds: schema.LOGIN_WINDOW_SECONDS,
    },
    demoData: schema.DEMO_DATA && !argv.includes('--no-demo'),
    logLevel: schema.LOG_LEVEL,
    adminPassword: schema.ADMIN_PASSWORD,
    consoleDir: resolve(schema.CONSOLE_DIR),
  };
}

/**
 * The development signing secret: generated once per data directory and kept there (mode 0600), so two checkouts
 * never share a secret and no secret is a constant in the code.
 */
function developmentSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  try {
    writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // another process of the same checkout won the race: use its secret
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
}

/** Injection token of the AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
