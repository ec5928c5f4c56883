import { useState, type ReactNode } from 'react';
import { ConfirmDialog } from './confirm-dialog';

/**
 * A button that asks first: it opens a ConfirmDialog and runs `onConfirm` on yes. The
 * dialog closes when `onConfirm` resolves; when it rejects (a mutation's ApiError, which the
 * caller passes back as `error`) it stays open with the message.
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
  onConfirm(): Promise<unknown>;
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
          try {
            await props.onConfirm();
          } catch {
            return;
          }
          setAsking(false);
        }}
      >
        {props.children}
      </ConfirmDialog>
    </>
  );
}
