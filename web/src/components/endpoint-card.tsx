import type { EndpointRowFragment } from '../generated/graphql';
import { EndpointHealth } from './endpoint-health';
import { EndpointPauseButton } from './endpoint-pause-button';
import { EndpointSettingsForm } from './endpoint-settings-form';
import { EndpointStateBadge } from './endpoint-state-badge';
import { TimeText, TimeWithLocal } from './time-text';

/** One receiver origin: its state and why attempts wait, its health, and its settings. */
export function EndpointCard({ endpoint, now, onChanged }: { endpoint: EndpointRowFragment; now: number; onChanged(updated: EndpointRowFragment): void }) {
  const titleId = `endpoint-${endpoint.id}-title`;
  const retryAfter = endpoint.retryAfterUntil && Date.parse(endpoint.retryAfterUntil) > now ? endpoint.retryAfterUntil : null;
  const breakerOpen = endpoint.state === 'OPEN' || endpoint.state === 'HALF_OPEN';
  return (
    <section className="panel endpoint" aria-labelledby={titleId} data-endpoint-id={endpoint.id} data-origin={endpoint.origin}>
      <div className="endpoint-head">
        <h2 id={titleId} className="mono break">
          {endpoint.origin}
        </h2>
        <EndpointStateBadge state={endpoint.state} />
        <EndpointPauseButton endpoint={endpoint} onChanged={onChanged} />
      </div>

      <dl className="endpoint-facts">
        {breakerOpen && (
          <>
            <div>
              <dt>Breaker opened</dt>
              <dd>
                <TimeText iso={endpoint.openedAt} />
              </dd>
            </div>
            <div>
              <dt>{endpoint.state === 'OPEN' ? 'Next probe' : 'Probing since'}</dt>
              <dd>
                <TimeWithLocal iso={endpoint.probeAt} />
              </dd>
            </div>
          </>
        )}
        <div>
          <dt>Failures in a row</dt>
          <dd>{endpoint.consecutiveFailures}</dd>
        </div>
        {retryAfter && (
          <div>
            <dt>Receiver asked to wait</dt>
            <dd>
              Until <TimeWithLocal iso={retryAfter} />
              <span className="hint">It answered 429 or 503 with Retry-After: no attempt goes before then.</span>
            </dd>
          </div>
        )}
      </dl>

      <EndpointHealth endpoint={endpoint} />
      <EndpointSettingsForm endpoint={endpoint} onSaved={onChanged} />
    </section>
  );
}
