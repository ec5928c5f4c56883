import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal question on the native <dialog>: the browser keeps focus inside, Escape cancels,
 * and focus goes back to the button that opened it.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** The safe choice, which has the focus first. */
  cancelLabel?: string;
  /** Styles the confirm button as destructive. */
  danger?: boolean;
  pending?: boolean;
  error?: string;
  onConfirm(): void;
  onCancel(): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  // Several dialogs can share a page: each needs its own title id.
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        props.onCancel();
      }}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          props.onConfirm();
        }}
      >
        <h2 id={titleId}>{props.title}</h2>
        <div className="dialog-body">{props.children}</div>
        {props.error && (
          <p className="field-error" role="alert">
            {props.error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={props.onCancel} autoFocus>
            {props.cancelLabel ?? 'Keep it'}
          </button>
          <button type="submit" className={props.danger ? 'button button-danger' : 'button button-primary'} disabled={props.pending}>
            {props.pending ? 'Working…' : props.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
