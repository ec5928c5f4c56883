import { useCallback, useState } from 'react';

export interface Selection {
  /** Ids selected among the rows shown. */
  ids: ReadonlySet<string>;
  has(id: string): boolean;
  set(ids: readonly string[], selected: boolean): void;
  clear(): void;
}

/**
 * Rows picked in a list for a bulk action. The selection belongs to one `scope` (the
 * filters and the page): another page or filter starts with nothing selected, so an
 * action never reaches rows that are no longer on screen.
 */
export function useSelection(scope: string, shown: readonly string[]): Selection {
  const [picked, setPicked] = useState<{ scope: string; ids: ReadonlySet<string> }>({ scope, ids: new Set() });
  const current = picked.scope === scope ? picked.ids : NONE;
  const ids = new Set([...current].filter((id) => shown.includes(id)));

  const set = useCallback(
    (changed: readonly string[], selected: boolean) =>
      setPicked((previous) => {
        const next = new Set(previous.scope === scope ? previous.ids : NONE);
        for (const id of changed) {
          if (selected) next.add(id);
          else next.delete(id);
        }
        return { scope, ids: next };
      }),
    [scope],
  );
  const clear = useCallback(() => setPicked({ scope, ids: new Set() }), [scope]);
  return { ids, has: (id) => ids.has(id), set, clear };
}

const NONE: ReadonlySet<string> = new Set();
