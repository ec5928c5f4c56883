import { useState, type ReactNode } from 'react';
import { ConfirmDialog } from './confirm-dialog';

/**
 * A button that asks first: it opens a ConfirmDialog and runs `onConfirm` on yes. The
 * dialog stays open (with the error) until `onConfirm` reports that it is done.
 */
export function ConfirmedAction(props: {
  label: ReactNode;
  buttonClass?: string;
  title: string;
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
  pending: boolean;
  error: string | undefined;
  /** Resets what the dialog holds (its inputs, the last error) each time it opens. */
  onOpen?(): void;
  onClose?(): void;
  /** True when done: the dialog closes. */
  onConfirm(): Promise<boolean>;
  children: ReactNode;
}) {
  const [asking, setAsking] = useState(false);
  return (
    <>
      <button
        type="button"
        className={props.buttonClass ?? 'button'}
        onClick={() => {
          props.onOpen?.();
          setAsking(true);
        }}
      >
        {props.label}
      </button>
      <ConfirmDialog
        open={asking}
        title={props.title}
        confirmLabel={props.confirmLabel}
        cancelLabel={props.cancelLabel}
        danger={props.danger}
        pending={props.pending}
        error={props.error}
        onCancel={() => {
          setAsking(false);
          props.onClose?.();
        }}
        onConfirm={async () => {
          if (await props.onConfirm()) setAsking(false);
        }}
      >
        {props.children}
      </ConfirmDialog>
    </>
  );
}
