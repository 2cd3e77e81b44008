import React from 'react';
import { render, screen } from '@testing-library/react';
import { statusRow } from '../../datasource/testing/statusRow';
import { testIds } from '../../testIds';
import { RowDetails } from './RowDetails';

const MOMENT = 1_796_000_000; // 2026-11-30T00:53:20Z

describe('the SLO page’s numbers for one objective and group', () => {
  it('shows the window counted, from → to, with the time zone', () => {
    render(
      <RowDetails
        row={statusRow({ window: { from: MOMENT - 28 * 86_400 + 10, to: MOMENT } })}
        windowName="28 days"
        conditions={[]}
      />
    );
    expect(screen.getByTestId(testIds.slo.window).textContent).toBe(
      'Window: 2026-11-02 00:53:30 UTC+00:00 → 2026-11-30 00:53:20 UTC+00:00'
    );
    expect(screen.queryByTestId(testIds.slo.noData)).toBeNull();
  });

  it('says prominently since when there is no data, and lists the no-data alert with the others', () => {
    render(
      <RowDetails
        row={statusRow({
          window: { from: MOMENT - 28 * 86_400, to: MOMENT },
          state: 'no-data',
          noDataSince: MOMENT - 2 * 3600 - 300,
          alerts: [
            { severity: 'warning', tier: 'no-data', longWindow: '10m', state: 'firing' },
            { severity: 'warning', tier: 'ticket', longWindow: '1d', state: 'pending' },
          ],
        })}
        windowName="28 days"
        conditions={[]}
      />
    );
    const alert = screen.getByTestId(testIds.slo.noData);
    expect(alert.textContent).toContain('No data since 2026-11-29 22:48:20 UTC+00:00');
    expect(alert.textContent).toContain('no samples for 2 hours 5 minutes up to the moment shown');
    const alerts = screen.getByTestId(testIds.slo.alerts);
    expect(alerts.textContent).toContain('Active alerts (2)');
    expect(alerts.textContent).toContain('no samples for 10m');
    expect(alerts.textContent).toContain('no data');
  });

  it('says a moment before recorded history is computed from raw series for that reason', () => {
    render(
      <RowDetails
        row={statusRow({
          window: { from: MOMENT - 28 * 86_400, to: MOMENT },
          history: {
            source: 'raw',
            revision: 'r1',
            recordFrom: MOMENT + 86_400,
            state: 'filled',
            coveredFrom: MOMENT + 3600,
          },
        })}
        windowName="28 days"
        conditions={[]}
      />
    );
    expect(screen.getByTestId(testIds.slo.history).textContent).toContain('Before recorded history');
    expect(screen.getByTestId(testIds.slo.history).textContent).toContain(
      'this moment is before recorded history, which begins'
    );
  });
});
