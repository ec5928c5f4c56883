import { useMutation } from '../api/use-query';
import { UpdateEndpointDocument, type EndpointRowFragment } from '../generated/graphql';
import { useNotify } from './notices';

/** Pauses an endpoint (every attempt to it waits) or resumes it (they go again, in due order). */
export function EndpointPauseButton({ endpoint, onChanged }: { endpoint: EndpointRowFragment; onChanged(updated: EndpointRowFragment): void }) {
  const update = useMutation(UpdateEndpointDocument);
  const notify = useNotify();
  const { paused, origin } = endpoint;

  const toggle = async () => {
    try {
      const { updateEndpoint } = await update.run({ id: endpoint.id, input: { paused: !paused } });
      notify(updateEndpoint.paused ? `${origin} is paused: its jobs wait, without using up attempts, until you resume it.` : `${origin} is resumed: waiting jobs go, in due order.`);
      onChanged(updateEndpoint);
    } catch (error) {
      notify(`Could not ${paused ? 'resume' : 'pause'} ${origin}: ${(error as Error).message}`);
    }
  };

  return (
    <button type="button" className="button" onClick={toggle} disabled={update.pending}>
      {update.pending ? (paused ? 'Resuming…' : 'Pausing…') : paused ? 'Resume' : 'Pause'}
      <span className="visually-hidden"> {origin}</span>
    </button>
  );
}
