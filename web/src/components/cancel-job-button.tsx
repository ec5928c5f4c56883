import { useMutation } from '../api/use-query';
import { CancelJobDocument } from '../generated/graphql';
import { ConfirmedAction } from './confirmed-action';
import { useNotify } from './notices';

/** Cancels a scheduled job, after a confirmation. */
export function CancelJobButton({ job, onCancelled }: { job: { id: string; title: string }; onCancelled(): void }) {
  const cancel = useMutation(CancelJobDocument);
  const notify = useNotify();
  return (
    <ConfirmedAction
      label="Cancel job"
      buttonClass="button button-danger"
      title="Cancel this job?"
      confirmLabel="Cancel job"
      danger
      pending={cancel.pending}
      error={cancel.error?.message}
      onClose={cancel.reset}
      onConfirm={async () => {
        await cancel.run({ id: job.id });
        notify(`“${job.title}” was cancelled.`);
        onCancelled();
      }}
    >
      <p>“{job.title}” will not be sent. This cannot be undone: schedule it again if you change your mind.</p>
    </ConfirmedAction>
  );
}
