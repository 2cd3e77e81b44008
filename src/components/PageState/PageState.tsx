import React from 'react';
import { Alert, Button, LoadingPlaceholder } from '@grafana/ui';

interface Props<T> {
  state: { loading: boolean; error?: Error; value?: T; retry?: () => void };
  what: string;
  children: (value: T) => React.ReactNode;
}

/** Loading, error (with retry) or the page's content, the same way on every page. */
export function PageState<T>({ state, what, children }: Props<T>) {
  if (state.error) {
    return (
      <Alert title={`Could not load ${what}`} severity="error">
        <p>{state.error.message}</p>
        {state.retry && (
          <Button size="sm" variant="secondary" onClick={state.retry}>
            Retry
          </Button>
        )}
      </Alert>
    );
  }
  if (state.value === undefined) {
    return <LoadingPlaceholder text={`Loading ${what}…`} />;
  }
  return <>{children(state.value)}</>;
}
