import { useState } from 'react';
import { useMutation } from '../api/use-query';
import { CancelJobsDocument, ReplayJobsDocument, type JobRowFragment } from '../generated/graphql';
import { canCancel, canReplay } from '../jobs/job-actions';
import { href } from '../routing/hash-route';
import { ConfirmDialog } from './confirm-dialog';
import { useNotify } from './notices';

export type BulkKind = 'cancel' | 'replay';

const jobs = (n: number) => (n === 1 ? '1 job' : `${n} jobs`);

/**
 * Cancels or replays a set of listed jobs after a confirmation that says how many it will
 * change. It sends their ids (cancelJobs / replayJobs with `ids`): exactly the jobs counted
 * in the question, never others that match the same filters. The server changes those
 * still eligible when the request arrives, and the notice gives its count.
 */
export function BulkJobAction({ kind, jobs: listed, label, onDone, className = 'button' }: {
  kind: BulkKind;
  jobs: readonly JobRowFragment[];
  label: string;
  onDone(): void;
  className?: string;
}) {
  const cancel = useMutation(CancelJobsDocument);
  const replay = useMutation(ReplayJobsDocument);
  const mutation = kind === 'cancel' ? cancel : replay;
  const notify = useNotify();
  // The jobs the question is about, and how many picked ones it leaves alone, as they were when it was asked.
  const [asked, setAsked] = useState<{ targets: JobRowFragment[]; skipped: number } | null>(null);
  const eligible = listed.filter(kind === 'cancel' ? canCancel : canReplay);

  const confirm = async (targets: JobRowFragment[]) => {
    const ids = targets.map((job) => job.id);
    let count: number;
    let created: string[] = [];
    try {
      if (kind === 'cancel') count = (await cancel.run({ ids })).cancelJobs.count;
      else ({ count, ids: created } = (await replay.run({ ids })).replayJobs);
    } catch {
      return;
    }
    setAsked(null);
    const missed = targets.length - count;
    if (kind === 'cancel') {
      notify(`${jobs(count)} cancelled.${missed > 0 ? ` ${jobs(missed)} had already started and ${missed === 1 ? 'was' : 'were'} left as ${missed === 1 ? 'it was' : 'they were'}.` : ''}`);
    } else {
      notify(`${jobs(count)} replayed: ${count === 1 ? 'its new job is' : 'their new jobs are'} due now.`, created.length === 1 ? { href: href(['jobs', created[0]]), label: 'Open it' } : { href: href(['jobs']), label: 'Show them' });
    }
    onDone();
  };

  const n = asked?.targets.length ?? 0;
  return (
    <>
      <button type="button" className={className} disabled={eligible.length === 0} onClick={() => setAsked({ targets: eligible, skipped: listed.length - eligible.length })}>
        {label}
      </button>
      <ConfirmDialog
        open={asked !== null}
        title={kind === 'cancel' ? `Cancel ${jobs(n)}?` : `Replay ${jobs(n)}?`}
        confirmLabel={kind === 'cancel' ? `Cancel ${jobs(n)}` : `Replay ${jobs(n)}`}
        cancelLabel={kind === 'cancel' ? 'Keep them' : 'Not now'}
        danger={kind === 'cancel'}
        pending={mutation.pending}
        error={mutation.error?.message}
        onCancel={() => {
          setAsked(null);
          mutation.reset();
        }}
        onConfirm={() => asked && void confirm(asked.targets)}
      >
        {kind === 'cancel' ? (
          <p>{n === 1 ? 'This scheduled job' : `These ${n} scheduled jobs`} will not be sent. This cannot be undone: replay or schedule them again if you change your mind.</p>
        ) : (
          <p>
            Each becomes a new job, due now, with the same title, URL, payload, options and labels. The {n === 1 ? 'original keeps its' : 'originals keep their'} history and
            status, so {n === 1 ? 'it stays' : 'they stay'} listed: replaying again sends {n === 1 ? 'it' : 'them'} again.
          </p>
        )}
        <SkippedNote kind={kind} skipped={asked?.skipped ?? 0} />
      </ConfirmDialog>
    </>
  );
}

/** Jobs of the selection the action leaves alone, and why. */
function SkippedNote({ kind, skipped }: { kind: BulkKind; skipped: number }) {
  if (skipped <= 0) return null;
  const which = kind === 'cancel' ? 'not scheduled' : 'not finished (dead, successful or cancelled)';
  return (
    <p className="muted">
      {jobs(skipped)} of those picked {skipped === 1 ? 'is' : 'are'} {which} and {skipped === 1 ? 'stays' : 'stay'} as {skipped === 1 ? 'it is' : 'they are'}.
    </p>
  );
}
