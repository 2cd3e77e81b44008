import { useState } from 'react';
import { locationService } from '@grafana/runtime';
import { StewardApiError } from '../../api/stewardClient';

/** Save/delete state shared by the editors: the error with its per-field details, and busy flags. */
export function useEditorActions() {
  const [error, setError] = useState<StewardApiError>();
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>, then: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      locationService.push(then);
    } catch (e) {
      setError(e instanceof StewardApiError ? e : new StewardApiError(String(e), 0));
    } finally {
      setBusy(false);
    }
  };
  /** The server's message for a field such as `spec.owner`, to show under that input. */
  const fieldError = (field: string) =>
    error?.details?.find((d) => d.field === field || d.field.startsWith(`${field}[`))?.message;
  return { error, busy, run, fieldError };
}
