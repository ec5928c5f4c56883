import type { ReactNode } from 'react';
import { useQuery } from '../api/use-query';
import { EndpointsDocument } from '../generated/graphql';
import { useEndpointChanges } from '../live/live-context';
import { href } from '../routing/hash-route';
import { TimeText } from './time-text';

/**
 * For a scheduled job: whether its endpoint holds every attempt now (paused, or its circuit
 * breaker open), followed live, so "why has it not fired?" is answered on the job's page.
 * Rate limits and parallelism hold a job only for moments and say so afterwards (Held back).
 */
export function EndpointWait({ projectId, endpointId }: { projectId: string; endpointId: string }) {
  const list = useQuery(EndpointsDocument, { projectId });
  useEndpointChanges(projectId, list.refetch);
  const endpoint = list.data?.endpoints.find((candidate) => candidate.id === endpointId);
  if (!endpoint) return null;

  let why: ReactNode;
  if (endpoint.state === 'PAUSED') why = 'is paused: nothing is sent until it is resumed';
  else if (endpoint.state === 'OPEN') why = <>has its circuit breaker open: its next probe goes at <TimeText iso={endpoint.probeAt} /></>;
  else if (endpoint.state === 'HALF_OPEN') why = 'is probing after its circuit breaker opened: one attempt at a time';
  else return null;
  return (
    <div className="held" data-endpoint-state={endpoint.state}>
      <dt>Waiting</dt>
      <dd>
        Its attempts wait: <a href={href(['endpoints'], { project: projectId })}>its endpoint</a> {why}.
        <span className="hint">Waiting uses up no attempt; the job goes, in due order, as soon as the endpoint allows.</span>
      </dd>
    </div>
  );
}
