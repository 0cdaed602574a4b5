import { sleep } from './processes.js';

export interface Answer {
  status: number;
  body: any;
  replayed: boolean;
}

export interface HttpStats {
  requests: number;
  /** Repeats of a request after a connection error or a 503, with the same Idempotency-Key. */
  retries: number;
  connectionErrors: number;
  unavailable: number;
  /** Answers of a keyed request that were the stored first answer (the first attempt had committed). */
  replays: number;
  /** Keyed requests whose first attempt the client cut off itself right after sending (a lost answer). */
  dropped: number;
  /** The slowest answer, in milliseconds (a queue behind the centre's audit chain on a busy machine). */
  slowestMs: number;
}

/** An answer slower than this is a stuck request (a lock nobody releases), not a slow machine. */
const STUCK_MS = 180_000;

export class Http {
  readonly stats: HttpStats = { requests: 0, retries: 0, connectionErrors: 0, unavailable: 0, replays: 0, dropped: 0, slowestMs: 0 };
  /** Set when the run is being torn down: requests stop retrying. */
  aborted = false;

  constructor(
    private readonly baseUrl: string,
    private readonly anomaly: (text: string) => void,
    /** Share of keyed requests whose first answer the client drops on purpose (0 while the world is made). */
    public dropRate = 0,
  ) {}

  /** One attempt; throws on a connection error (refused, reset, timed out). */
  async once(method: string, path: string, token: string | undefined, body?: unknown, key?: string, timeoutMs = STUCK_MS): Promise<Answer> {
    this.stats.requests += 1;
    const sent = Date.now();
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (key) headers['idempotency-key'] = key;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    this.stats.slowestMs = Math.max(this.stats.slowestMs, Date.now() - sent);
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: kept as text
    }
    return { status: response.status, body: parsed, replayed: response.headers.get('idempotent-replayed') === 'true' };
  }

  /**
   * A request that gets an answer: after a connection error (the service was killed) or a 503 (the database is
   * restarting) it is sent again, with the same Idempotency-Key, until the service answers. A 5xx other than 503 is
   * an anomaly (a fault of the service, not of the weather) but is retried too, so that the key resolves.
   */
  async call(
    method: string,
    path: string,
    token: string | undefined,
    body?: unknown,
    key?: string,
    /** For a write without a key: finds what an earlier attempt did, before the request is sent again. */
    beforeRetry?: () => Promise<Answer | undefined>,
  ): Promise<Answer & { attempts: number }> {
    const started = Date.now();
    for (let attempt = 1; ; attempt += 1) {
      if (attempt > 1 && beforeRetry) {
        const earlier = await beforeRetry();
        if (earlier) return { ...earlier, attempts: attempt };
      }
      if (attempt > 1) {
        if (this.aborted) throw new Error('aborted');
        if (Date.now() - started > 300_000) {
          this.anomaly(`${method} ${path}: no answer within 5 minutes of retries`);
          throw new Error('gave up');
        }
        this.stats.retries += 1;
        await sleep(Math.min(1000, 50 * 2 ** Math.min(attempt, 5)) + Math.random() * 100);
      }
      // one keyed request in twenty loses its answer on the way back: the client hangs up a few milliseconds after
      // sending, while the service goes on and commits; the repeat with the same key races it and must get its answer
      const drop = key !== undefined && attempt === 1 && Math.random() < this.dropRate;
      let answer: Answer;
      try {
        answer = await this.once(method, path, token, body, key, drop ? 1 + Math.floor(Math.random() * 40) : STUCK_MS);
      } catch (error) {
        if (drop) {
          this.stats.dropped += 1;
          continue;
        }
        this.stats.connectionErrors += 1;
        if ((error as Error).name === 'TimeoutError') this.anomaly(`${method} ${path}: no answer within ${STUCK_MS / 1000} s (a stuck request)`);
        continue;
      }
      if (answer.status === 503) {
        this.stats.unavailable += 1;
        continue;
      }
      if (answer.status >= 500) {
        this.anomaly(`${method} ${path}: answered ${answer.status} ${JSON.stringify(answer.body)}`);
        continue;
      }
      if (answer.replayed) this.stats.replays += 1;
      return { ...answer, attempts: attempt };
    }
  }
}
