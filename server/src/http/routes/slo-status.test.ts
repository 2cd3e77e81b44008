import { describe, expect, it } from 'vitest';
import { refuseBeforeAnyData } from './slo-status.js';

type Row = Parameters<typeof refuseBeforeAnyData>[1][number];
const row = (extra: Partial<Row>): Row =>
  ({ history: { source: 'recorded', coveredFrom: 1_700_000_000 }, ...extra }) as Row;

describe('refuseBeforeAnyData', () => {
  it('refuses a moment at which no row counted any event, saying where history begins', () => {
    expect(() => refuseBeforeAnyData(1_600_000_000, [row({ events: { bad: 0, total: 0 } })])).toThrow(
      /^No data at 2020-09-13T12:26:40.000Z: .*recorded history covers from 2023-11-14T22:13:20.000Z on/
    );
  });

  it('lets rows that could not be counted say why, rather than calling it no data', () => {
    const refused = row({ error: "too long query; got 16919 bytes; mustn't exceed `-search.maxQueryLen=16384` bytes" });
    expect(() => refuseBeforeAnyData(1_600_000_000, [refused])).not.toThrow();
  });

  it('answers any moment with an event counted, and the present', () => {
    expect(() => refuseBeforeAnyData(1_600_000_000, [row({ events: { bad: 0, total: 1 } })])).not.toThrow();
    expect(() => refuseBeforeAnyData(undefined, [row({})])).not.toThrow();
  });
});
