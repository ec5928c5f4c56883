/**
 * Many graphql-ws subscribers, in their own process so a thousand sockets do not share an
 * event loop with the load generator. Each subscriber has its own WebSocket and listens to
 * one project; for every event it records (receive time − event `at`), `at` being the
 * database timestamp of the transition.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { serveHelper } from './ipc.js';
import { summarise, type Summary } from './stats.js';

export interface OpenParams {
  url: string;
  apiKey: string;
  projectId: string;
  count: number;
  timeoutMs: number;
}

export interface AwaitParams {
  jobIds: string[];
  statuses: string[];
  timeoutMs: number;
}

export interface AwaitResult {
  complete: boolean;
  /** Events expected: jobs × statuses × connected subscribers. */
  expected: number;
  received: number;
  subscribers: number;
  byStatus: Record<string, Summary>;
  all: Summary;
  errors: string[];
}

const SUBSCRIPTION = 'subscription($projectId: ID!) { jobStatusChanged(projectId: $projectId) { jobId status at } }';
/** Sockets opened at once: a thousand simultaneous handshakes only measure the accept queue. */
const CONNECT_CONCURRENCY = 50;

const clients: Client[] = [];
/** `${jobId} ${status}` → latency of that event at each subscriber that got it, ms. */
const latencies = new Map<string, number[]>();
const errors: string[] = [];
let connected = 0;
let closing = false;
const listeners = new Set<(key: string, received: number) => void>();

const noteError = (error: unknown) => {
  if (errors.length < 20) errors.push(error instanceof Error ? error.message : JSON.stringify(error));
};

function openOne(params: OpenParams): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let acknowledged = false;
    const client = createClient({
      url: params.url.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      connectionParams: { 'x-api-key': params.apiKey },
      lazy: false,
      retryAttempts: 0,
      on: {
        connected: () => {
          acknowledged = true;
          resolve();
        },
        closed: (event) => {
          const why = `socket closed (${(event as { code?: number }).code})`;
          if (acknowledged) {
            if (!closing) noteError(why);
          }
          else reject(new Error(why));
        },
        error: (error) => reject(error instanceof Error ? error : new Error('socket error')),
      },
    });
    clients.push(client);
    client.subscribe<{ jobStatusChanged: { jobId: string; status: string; at: string } }>(
      { query: SUBSCRIPTION, variables: { projectId: params.projectId } },
      {
        next: ({ data, errors: graphqlErrors }) => {
          const receivedAt = Date.now();
          if (graphqlErrors) noteError(graphqlErrors);
          if (!data) return;
          const { jobId, status, at } = data.jobStatusChanged;
          const key = `${jobId} ${status}`;
          let list = latencies.get(key);
          if (!list) latencies.set(key, (list = []));
          list.push(receivedAt - Date.parse(at));
          for (const listener of listeners) listener(key, list.length);
        },
        error: noteError,
        complete: () => undefined,
      },
    );
  });
}

async function open(params: OpenParams): Promise<{ connected: number; errors: string[] }> {
  const deadline = Date.now() + params.timeoutMs;
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, params.count) }, async () => {
    while (next < params.count && Date.now() < deadline) {
      next++;
      const left = deadline - Date.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([openOne(params), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('connect timed out')), left)))]);
        connected++;
      } catch (error) {
        noteError(error);
      } finally {
        clearTimeout(timer);
      }
    }
  }));
  return { connected, errors };
}

/** Waits until every connected subscriber has every (job, status) event, or the deadline. */
function awaitEvents({ jobIds, statuses, timeoutMs }: AwaitParams): Promise<AwaitResult> {
  const wanted = new Set(jobIds.flatMap((id) => statuses.map((status) => `${id} ${status}`)));
  let missing = 0;
  for (const key of wanted) if ((latencies.get(key)?.length ?? 0) < connected) missing++;
  return new Promise((resolve) => {
    const finish = (complete: boolean) => {
      clearTimeout(timer);
      listeners.delete(listener);
      const byStatus: Record<string, Summary> = {};
      const every: number[] = [];
      let received = 0;
      for (const status of statuses) {
        const values = jobIds.flatMap((id) => latencies.get(`${id} ${status}`) ?? []);
        received += values.length;
        byStatus[status] = summarise(values);
        for (const value of values) every.push(value);
      }
      resolve({ complete, expected: wanted.size * connected, received, subscribers: connected, byStatus, all: summarise(every), errors });
    };
    const listener = (key: string, received: number) => {
      if (received === connected && wanted.has(key) && --missing === 0) finish(true);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    listeners.add(listener);
    if (missing === 0) finish(true);
  });
}

serveHelper({
  open,
  await: awaitEvents,
  close: async () => {
    closing = true;
    await Promise.allSettled(clients.map((client) => client.dispose()));
    clients.length = 0;
  },
});
