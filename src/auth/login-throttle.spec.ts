import type { AppConfig } from '../config/index.js';
import { LoginThrottle } from './login-throttle.js';

const config = (attemptsPerWindow: number, attemptsPerAddress: number) =>
  ({ login: { attemptsPerWindow, attemptsPerAddress, windowSeconds: 60 } }) as AppConfig;

describe('login throttle', () => {
  it('allows the configured attempts per address and user name, then refuses until the window ends', () => {
    const throttle = new LoginThrottle(config(3, 100));
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i += 1) throttle.take('10.0.0.1', 'kuaiji', t0 + i);
    expect(() => throttle.take('10.0.0.1', 'KUAIJI', t0 + 10)).toThrow(expect.objectContaining({ code: 'AUTH.TOO_MANY_ATTEMPTS', status: 429 }));
    // another user name from the same address, and the same name from elsewhere, are not held up
    expect(() => throttle.take('10.0.0.1', 'zhuren', t0 + 10)).not.toThrow();
    expect(() => throttle.take('10.0.0.2', 'kuaiji', t0 + 10)).not.toThrow();
    // the window ends 60 s after it began
    expect(() => throttle.take('10.0.0.1', 'kuaiji', t0 + 60_000)).not.toThrow();
  });

  it('says how long to wait', () => {
    const throttle = new LoginThrottle(config(1, 100));
    throttle.take('a', 'u', 0);
    try {
      throttle.take('a', 'u', 15_000);
      throw new Error('not throttled');
    } catch (error) {
      expect((error as { extensions: { retryAfterSeconds: number } }).extensions.retryAfterSeconds).toBe(45);
    }
  });

  it('limits one address trying many user names', () => {
    const throttle = new LoginThrottle(config(100, 5));
    for (let i = 0; i < 5; i += 1) throttle.take('10.0.0.9', `user${i}`, i);
    expect(() => throttle.take('10.0.0.9', 'user99', 10)).toThrow(expect.objectContaining({ code: 'AUTH.TOO_MANY_ATTEMPTS' }));
  });

  it('does not count a refused attempt against the other limit', () => {
    const throttle = new LoginThrottle(config(1, 3));
    throttle.take('a', 'u', 0);
    for (let i = 0; i < 5; i += 1) expect(() => throttle.take('a', 'u', 1)).toThrow();
    // the address budget still has two left
    throttle.take('a', 'v', 2);
    throttle.take('a', 'w', 3);
    expect(() => throttle.take('a', 'x', 4)).toThrow();
  });
});
