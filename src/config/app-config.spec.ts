import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config.js';

const dataDir = () => mkdtempSync(join(tmpdir(), 'dcl-config-'));

describe('configuration from the environment', () => {
  it('has safe defaults for the embedded mode', () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir }, []);
    expect(config).toEqual(expect.objectContaining({ port: 3000, databaseUrl: undefined, demoData: true, env: 'development' }));
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('generates the development secret once per data directory and keeps it private', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir }, []).jwtSecret;
    expect(loadConfig({ DATA_DIR: dir }, []).jwtSecret).toBe(first);
    expect(loadConfig({ DATA_DIR: dataDir() }, []).jwtSecret).not.toBe(first);
    expect(statSync(join(dir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8').trim()).toBe(first);
  });

  it('requires JWT_SECRET in production with an external database', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x', DATA_DIR: dataDir() }, [])).toThrow(/JWT_SECRET/);
    const dir = dataDir();
    const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x', DATA_DIR: dir, JWT_SECRET: 'x'.repeat(40) }, []);
    expect(config.jwtSecret).toBe('x'.repeat(40));
    expect(existsSync(join(dir, 'jwt-secret'))).toBe(false);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ DEMO_DATA: 'perhaps' }, 'DEMO_DATA'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
  ])('names the variable that is wrong: %o', (env, name) => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), ...env }, [])).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir(), ...env }, [])).toThrow(new RegExp(name));
  });

  it('never echoes a secret in its message', () => {
    try {
      loadConfig({ DATA_DIR: dataDir(), JWT_SECRET: 'tooshort-secret' }, []);
    } catch (error) {
      expect((error as Error).message).not.toContain('tooshort-secret');
    }
  });

  it('turns the demo off with --no-demo or DEMO_DATA=false', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }, ['node', 'main.js', '--no-demo']).demoData).toBe(false);
    expect(loadConfig({ DATA_DIR: dataDir(), DEMO_DATA: 'false' }, []).demoData).toBe(false);
  });
});
