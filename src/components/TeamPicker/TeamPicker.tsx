import React from 'react';
import { Combobox } from '@grafana/ui';
import { useTeamSearch } from '../../hooks/useCatalog';

interface Props {
  value?: string;
  onChange: (team: string | undefined) => void;
  placeholder?: string;
  width?: number;
  testId?: string;
}

/** Picks a team by searching steward-server, so it stays quick with thousands of teams. */
export function TeamPicker({ value, onChange, placeholder = 'Any team', width = 30, testId }: Props) {
  const search = useTeamSearch();
  return (
    <div data-testid={testId}>
      <Combobox<string>
        width={width}
        isClearable
        placeholder={placeholder}
        options={search}
        value={value ?? null}
        onChange={(option) => onChange(option?.value)}
      />
    </div>
  );
}
