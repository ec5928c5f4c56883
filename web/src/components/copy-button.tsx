import { useState } from 'react';

/**
 * Copies a secret to the clipboard. The Clipboard API exists only in secure contexts
 * (https, or http on localhost); elsewhere the text is selected for Ctrl/Cmd-C instead.
 */
export function CopyButton({ text, targetId, label = 'Copy' }: { text: string; targetId: string; label?: string }) {
  const [outcome, setOutcome] = useState<'idle' | 'copied' | 'select'>('idle');

  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setOutcome('copied');
    } catch {
      const field = document.getElementById(targetId);
      if (field instanceof HTMLInputElement) {
        field.focus();
        field.select();
      }
      setOutcome('select');
    }
  };

  return (
    <>
      <button type="button" className="button" onClick={copy}>
        {label}
      </button>
      <span className="copy-outcome" role="status" aria-live="polite">
        {outcome === 'copied' ? 'Copied to the clipboard.' : outcome === 'select' ? 'Selected: press Ctrl+C (⌘C) to copy.' : ''}
      </span>
    </>
  );
}
