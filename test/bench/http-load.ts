/**
 * The HTTP load generator of the posting benchmark, run in a worker thread so that the client's own work (building
 * requests, reading responses) does not run on the event loop of the server it measures.
 *
 * The main thread sends a batch of tasks and a concurrency; the worker keeps that many tasks in flight over
 * keep-alive connections (plain node:http, one socket per client) and answers with the elapsed time, the latency of
 * every task and the failures. A task is one or more requests run one after the other (the manual flow: draft →
 * approve → post); a step may capture the `id` of its JSON response for the steps after it (`{id}` in their path).
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';

export interface Step {
  method: 'GET' | 'POST';
  /** Path from the server root, e.g. /api/v1/centres/…/entries/…/post; `{id}` is replaced by the captured id. */
  path: string;
  token: string;
  body?: unknown;
  expect: number;
  /** Keep `id` of the JSON response: for `{id}` in later steps and in the result. */
  captureId?: boolean;
}

export interface Task {
  steps: Step[];
}

export interface LoadRequest {
  runId: number;
  baseUrl: string;
  concurrency: number;
  tasks: Task[];
}

export interface LoadResult {
  runId: number;
  elapsedMs: number;
  /** Milliseconds per task, in task order (NaN for a failed task). */
  latencies: number[];
  /** The captured id of each task (null when none or failed). */
  captured: Array<string | null>;
  failures: number;
  /** The first few failures: status and the start of the body. */
  samples: string[];
}

function send(agent: http.Agent, base: URL, step: Step, path: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = step.body === undefined ? undefined : JSON.stringify(step.body);
    const headers: Record<string, string | number> = { authorization: `Bearer ${step.token}`, accept: 'application/json' };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    const request = http.request(
      { host: base.hostname, port: base.port, method: step.method, path, agent, headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

async function run(job: LoadRequest): Promise<LoadResult> {
  const base = new URL(job.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency, maxFreeSockets: job.concurrency });
  const latencies: number[] = new Array<number>(job.tasks.length).fill(Number.NaN);
  const captured: Array<string | null> = new Array<string | null>(job.tasks.length).fill(null);
  const samples: string[] = [];
  let failures = 0;
  let next = 0;

  const client = async () => {
    for (;;) {
      const index = next;
      next += 1;
      if (index >= job.tasks.length) return;
      const started = performance.now();
      let id: string | null = null;
      let ok = true;
      for (const step of job.tasks[index].steps) {
        const path = id === null ? step.path : step.path.replace('{id}', id);
        try {
          const { status, text } = await send(agent, base, step, path);
          if (status !== step.expect) {
            ok = false;
            if (samples.length < 5) samples.push(`${step.method} ${path} → ${status} ${text.slice(0, 300)}`);
            break;
          }
          if (step.captureId) id = (JSON.parse(text) as { id: string }).id;
        } catch (error) {
          ok = false;
          if (samples.length < 5) samples.push(`${step.method} ${path} → ${(error as Error).message}`);
          break;
        }
      }
      if (ok) {
        latencies[index] = performance.now() - started;
        captured[index] = id;
      } else {
        failures += 1;
      }
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(job.concurrency, job.tasks.length) }, client));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { runId: job.runId, elapsedMs, latencies, captured, failures, samples };
}

parentPort?.on('message', (job: LoadRequest) => {
  run(job).then(
    (result) => parentPort?.postMessage(result),
    (error: unknown) =>
      parentPort?.postMessage({ runId: job.runId, elapsedMs: 0, latencies: [], captured: [], failures: job.tasks.length, samples: [String(error)] }),
  );
});
