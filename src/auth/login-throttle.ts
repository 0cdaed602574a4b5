import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { AuthErrors } from './auth.errors.js';

interface Window {
  count: number;
  resetAt: number;
}

/** Most keys kept at once; beyond it the oldest windows are dropped (a bound on memory under a flood). */
const MAX_TRACKED_KEYS = 100_000;

/**
 * Fixed-window limits on login attempts: per client address and user name (guessing one account's password) and per
 * address alone (trying many accounts). Kept in memory: a restart forgives, which is acceptable for a brake on
 * guessing; money never depends on it.
 */
@Injectable()
export class LoginThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Counts one attempt; throws AUTH.TOO_MANY_ATTEMPTS when a limit is already used up. */
  take(address: string, username: string, now = Date.now()): void {
    const { attemptsPerWindow, attemptsPerAddress, windowSeconds } = this.config.login;
    const checks: Array<[string, number]> = [
      [`account:${address}:${username.toLowerCase()}`, attemptsPerWindow],
      [`address:${address}`, attemptsPerAddress],
    ];
    for (const [key, limit] of checks) {
      const window = this.current(key, now, windowSeconds);
      if (window.count >= limit) throw AuthErrors.tooManyAttempts(Math.max(1, Math.ceil((window.resetAt - now) / 1000)));
    }
    for (const [key] of checks) this.current(key, now, windowSeconds).count += 1;
  }

  private current(key: string, now: number, windowSeconds: number): Window {
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      if (!window && this.windows.size >= MAX_TRACKED_KEYS) this.evictExpired(now);
      window = { count: 0, resetAt: now + windowSeconds * 1000 };
      this.windows.set(key, window);
    }
    return window;
  }

  private evictExpired(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    while (this.windows.size >= MAX_TRACKED_KEYS) this.windows.delete(this.windows.keys().next().value as string);
  }
}
