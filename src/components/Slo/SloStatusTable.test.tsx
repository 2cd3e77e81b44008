import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { render, screen } from '@testing-library/react';
import { statusRow } from '../../datasource/testing/statusRow';
import { testIds } from '../../testIds';
import { SloStatusTable } from './SloStatusTable';

describe('SloStatusTable', () => {
  it('says since when a row has had no data, next to its state, and lists its no-data alert', () => {
    // Links need a router, as inside Grafana.
    render(
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <SloStatusTable
          rows={[
            statusRow({
              state: 'no-data',
              noDataSince: 1_796_000_000,
              alerts: [{ severity: 'warning', tier: 'no-data', longWindow: '10m', state: 'firing' }],
            }),
            statusRow({ group: { route: '/pay' }, state: 'ok', alerts: [] }),
          ]}
        />
      </MemoryRouter>
    );
    expect(screen.getAllByTestId(testIds.sloTable.state).map((s) => s.textContent)).toEqual(['No data', 'OK']);
    expect(screen.getAllByTestId(testIds.sloTable.noData).map((s) => s.textContent)).toEqual([
      'No data since 2026-11-30 00:53',
    ]);
    expect(screen.getAllByTestId(testIds.sloTable.alerts)[0]!.textContent).toBe('no data 10m');
  });
});
