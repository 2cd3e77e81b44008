import React from 'react';
import { MultiCombobox } from '@grafana/ui';

type Options = React.ComponentProps<typeof MultiCombobox<string>>['options'];

interface Props {
  testId: string;
  /** A fixed list, or a loader searched as the user types (see options.ts). */
  options: Options;
  value: string[] | undefined;
  placeholder: string;
  /** The picked values; undefined when none is picked. */
  onChange: (values: string[] | undefined) => void;
  minWidth?: number;
  maxWidth?: number;
  customValueDescription?: string;
}

/**
 * A multi-value picker that also takes values typed in (dashboard variables such as `$team`,
 * or names not offered): every filter of the Steward query and variable editors.
 */
export function ValuesPicker({
  testId,
  options,
  value,
  placeholder,
  onChange,
  minWidth = 30,
  maxWidth = 60,
  customValueDescription,
}: Props) {
  return (
    <MultiCombobox<string>
      width="auto"
      minWidth={minWidth}
      maxWidth={maxWidth}
      placeholder={placeholder}
      data-testid={testId}
      options={options}
      value={value ?? []}
      createCustomValue
      {...(customValueDescription ? { customValueDescription } : {})}
      isClearable
      onChange={(picked) => onChange(picked.length ? picked.map((o) => o.value) : undefined)}
    />
  );
}
