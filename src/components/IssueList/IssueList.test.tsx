import React from 'react';
import { render, screen } from '@testing-library/react';
import type { CatalogIssue } from '../../api/stewardClient';
import { IssueList } from './IssueList';

const issue = (severity: CatalogIssue['severity'], n: number): CatalogIssue => ({
  severity,
  source: `services/s${n}.yaml`,
  line: n,
  field: 'spec.owner',
  message: `${severity} ${n}`,
});

describe('IssueList', () => {
  it('lists errors before warnings, at most `limit`, and counts the rest', () => {
    const warnings = Array.from({ length: 20 }, (_, i) => issue('warning', i + 1));
    const errors = Array.from({ length: 5 }, (_, i) => issue('error', i + 21));
    render(<IssueList issues={[...warnings, ...errors]} testId="issues" limit={20} />);

    // Each issue is one paragraph: file:line, field, message.
    const lines = screen.getAllByText(/(error|warning) \d+$/).map((e) => e.textContent);
    expect(lines).toEqual([
      ...errors.map((e) => `${e.source}:${e.line} spec.owner ${e.message}`),
      ...warnings.slice(0, 15).map((w) => `${w.source}:${w.line} spec.owner ${w.message}`),
    ]);
    expect(screen.getByText(/and 5 more/)).toBeTruthy();
    expect(screen.getByText('Catalog errors')).toBeTruthy();
  });

  it('counts the rest from the server’s counts when it sent one page of many', () => {
    render(<IssueList issues={[issue('warning', 1)]} counts={{ error: 0, warning: 200_000 }} limit={20} />);
    expect(screen.getByText('Catalog warnings')).toBeTruthy();
    expect(screen.getByText(/and 199999 more \(0 errors, 200000 warnings in all\)/)).toBeTruthy();
  });

  it('shows every issue without a limit, titled by the worst severity, and nothing when there are none', () => {
    const { rerender, container } = render(<IssueList issues={[issue('warning', 1), issue('warning', 2)]} />);
    expect(screen.getByText('Catalog warnings')).toBeTruthy();
    expect(screen.getByText(/warning 2$/)).toBeTruthy();
    expect(screen.queryByText(/more/)).toBeNull();
    rerender(<IssueList issues={[]} />);
    expect(container.textContent).toBe('');
  });
});
