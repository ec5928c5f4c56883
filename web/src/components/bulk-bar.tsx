import { useEffect, useRef } from 'react';
import type { JobRowFragment } from '../generated/graphql';
import { canCancel, canReplay } from '../jobs/job-actions';
import type { Selection } from '../jobs/use-selection';
import { BulkJobAction } from './bulk-job-action';

/**
 * Above a jobs table: "Select all shown" (a real checkbox, also where the table's header
 * row is hidden on a phone), how many are selected and what each action would reach, and
 * the bulk actions for them.
 */
export function BulkBar({ rows, selection, actions, onDone }: { rows: JobRowFragment[]; selection: Selection; actions: readonly ('cancel' | 'replay')[]; onDone(): void }) {
  const selected = rows.filter((job) => selection.has(job.id));
  const all = selected.length === rows.length && rows.length > 0;
  const some = selected.length > 0 && !all;
  const selectAll = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // "Some selected" has no attribute: it is the checkbox's indeterminate property.
    if (selectAll.current) selectAll.current.indeterminate = some;
  }, [some]);

  const done = () => {
    selection.clear();
    onDone();
  };

  return (
    <div className="bulk-bar" role="group" aria-label="Bulk actions">
      <label className="choice">
        <input ref={selectAll} type="checkbox" checked={all} onChange={(event) => selection.set(rows.map((job) => job.id), event.target.checked)} />
        Select all shown
      </label>
      <p className="bulk-status" role="status" aria-live="polite">
        {selectionText(selected)}
      </p>
      <div className="bulk-actions">
        {actions.includes('cancel') && <BulkJobAction kind="cancel" jobs={selected} label="Cancel selected" className="button button-danger button-small" onDone={done} />}
        {actions.includes('replay') && <BulkJobAction kind="replay" jobs={selected} label="Replay selected" className="button button-small" onDone={done} />}
        {selected.length > 0 && (
          <button type="button" className="link-button" onClick={selection.clear}>
            Clear selection
          </button>
        )}
      </div>
    </div>
  );
}

/** `3 selected: 2 scheduled, 1 finished` (what Cancel and Replay would reach). */
function selectionText(selected: JobRowFragment[]): string {
  if (selected.length === 0) return 'None selected.';
  const scheduled = selected.filter(canCancel).length;
  const finished = selected.filter(canReplay).length;
  const parts = [scheduled && `${scheduled} scheduled`, finished && `${finished} finished`].filter(Boolean);
  return `${selected.length} selected${parts.length ? `: ${parts.join(', ')}` : ''}.`;
}
