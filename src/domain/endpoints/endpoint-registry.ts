import type { EndpointStore } from './endpoint.store.js';

/** Ids remembered before the map starts over (one entry per project and receiver origin seen). */
const MAX_REMEMBERED = 100_000;

/** The endpoint a webhook URL belongs to: its project and origin (scheme, host, port). */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/**
 * Finds (or makes, on first use) the endpoint of each new job: endpoints are created by
 * their first job, and remembered, so a busy project's creates cost no lookup.
 */
export class EndpointRegistry {
  private readonly ids = new Map<string, string>();

  constructor(private readonly store: EndpointStore) {}

  /**
   * Sets `endpointId` on each job from its project and webhook URL. A job whose
   * `endpointId` is null already (an alert) keeps it: it belongs to no endpoint.
   */
  async assign(all: Array<{ projectId: string; webhookUrl: string; endpointId?: string | null }>): Promise<void> {
    const jobs = all.filter((job) => job.endpointId !== null);
    const keyOf = (job: { projectId: string; webhookUrl: string }) => `${job.projectId} ${originOf(job.webhookUrl)}`;
    const missing = new Map<string, { projectId: string; origin: string }>();
    for (const job of jobs) {
      const key = keyOf(job);
      if (!this.ids.has(key)) missing.set(key, { projectId: job.projectId, origin: originOf(job.webhookUrl) });
    }
    if (missing.size > 0) {
      if (this.ids.size + missing.size > MAX_REMEMBERED) this.ids.clear();
      for (const row of await this.store.resolve([...missing.values()])) this.ids.set(`${row.projectId} ${row.origin}`, row.id);
    }
    for (const job of jobs) job.endpointId = this.ids.get(keyOf(job)) ?? null;
  }

  /** The endpoint id of one URL in a project. */
  async idFor(projectId: string, webhookUrl: string): Promise<string | null> {
    const job = { projectId, webhookUrl, endpointId: null as string | null };
    await this.assign([job]);
    return job.endpointId;
  }
}
