import { useMutation } from '../api/use-query';
import { formatUtc } from '../format/time';
import { RunJobNowDocument } from '../generated/graphql';
import { ConfirmedAction } from './confirmed-action';
import { useNotify } from './notices';

/**
 * Sends a scheduled job at once (runJobNow), after a confirmation; for a job waiting for a
 * retry, its next attempt. The lamps then follow it live, as for any other firing.
 */
export function RunNowButton({ job, onStarted }: { job: { id: string; title: string; fireAt: string; retryCount: number }; onStarted(): void }) {
  const run = useMutation(RunJobNowDocument);
  const notify = useNotify();
  return (
    <ConfirmedAction
      label="Run now"
      title="Run this job now?"
      confirmLabel="Run now"
      cancelLabel="Not now"
      pending={run.pending}
      error={run.error?.message}
      onClose={run.reset}
      onConfirm={async () => {
        await run.run({ id: job.id });
        notify(`“${job.title}” is being sent now.`);
        onStarted();
      }}
    >
      <p>
        {job.retryCount > 0
          ? `The next attempt of “${job.title}” (retry ${job.retryCount}) is sent at once instead of after its retry delay.`
          : `“${job.title}” is sent at once instead of at ${formatUtc(job.fireAt)}.`}{' '}
        If it fails, its retries follow as usual.
      </p>
    </ConfirmedAction>
  );
}
