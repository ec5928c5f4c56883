import { useMutation } from '../api/use-query';
import { PauseScheduleDocument, ResumeScheduleDocument, type ScheduleRowFragment } from '../generated/graphql';
import { useNotify } from './notices';

/** Whether a schedule runs, in words and with a light (never colour alone). */
export function ScheduleState({ paused }: { paused: boolean }) {
  return (
    <span className={`schedule-state ${paused ? 'schedule-paused' : 'schedule-active'}`} data-paused={paused}>
      <span className="schedule-state-light" aria-hidden="true" />
      {paused ? 'Paused' : 'Active'}
    </span>
  );
}

/**
 * Pauses or resumes a schedule. The button says what it will do ("Pause", "Resume") and,
 * for screen readers, which schedule: a list has one per row.
 */
export function ScheduleToggle({ schedule, onChanged, small = false }: { schedule: Pick<ScheduleRowFragment, 'id' | 'name' | 'paused'>; onChanged(updated: ScheduleRowFragment): void; small?: boolean }) {
  const pause = useMutation(PauseScheduleDocument);
  const resume = useMutation(ResumeScheduleDocument);
  const notify = useNotify();
  const pending = pause.pending || resume.pending;

  const toggle = async () => {
    let updated: ScheduleRowFragment;
    try {
      updated = schedule.paused ? (await resume.run({ id: schedule.id })).resumeSchedule : (await pause.run({ id: schedule.id })).pauseSchedule;
    } catch (error) {
      notify(`Could not ${schedule.paused ? 'resume' : 'pause'} “${schedule.name}”: ${(error as Error).message}`);
      return;
    }
    notify(updated.paused ? `“${updated.name}” is paused: no runs until you resume it.` : `“${updated.name}” runs again.`);
    onChanged(updated);
  };

  return (
    <button type="button" className={small ? 'button button-small' : 'button'} onClick={toggle} disabled={pending}>
      {pending ? (schedule.paused ? 'Resuming…' : 'Pausing…') : schedule.paused ? 'Resume' : 'Pause'}
      <span className="visually-hidden"> {schedule.name}</span>
    </button>
  );
}
