import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { setTemplateSrv } from '@grafana/runtime';
import { testIds } from '../../testIds';
import { StewardDataSource } from '../datasource';
import { stewardSettings, stubSteward } from '../testing/stubSteward';
import { templateSrvStub } from '../testing/templateSrvStub';
import { QueryType, type StewardQuery } from '../types';
import { QueryEditor } from './QueryEditor';

describe('QueryEditor: Evaluate at', () => {
  // Grafana's Combobox sizes itself with a canvas, which jsdom does not draw.
  beforeAll(() => {
    jest
      .spyOn(HTMLCanvasElement.prototype, 'getContext')
      .mockReturnValue({ measureText: () => ({ width: 10 }) } as unknown as CanvasRenderingContext2D);
  });
  beforeEach(() => {
    setTemplateSrv(templateSrvStub([]));
    stubSteward({});
  });

  const edit = (query: StewardQuery) => {
    const onChange = jest.fn();
    const onRunQuery = jest.fn();
    render(
      <QueryEditor
        query={query}
        onChange={onChange}
        onRunQuery={onRunQuery}
        datasource={new StewardDataSource(stewardSettings)}
      />
    );
    return { onChange, onRunQuery, field: screen.getByTestId(testIds.datasource.evaluateAt) };
  };

  it('offers the range end (the default) or now for the SLO status, and runs the query again on a change', () => {
    const { onChange, onRunQuery, field } = edit({ refId: 'A', queryType: QueryType.SloStatus });
    expect(screen.getByRole('radio', { name: 'Range end' })).toBeChecked();
    fireEvent.click(screen.getByRole('radio', { name: 'Now' }));
    expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: QueryType.SloStatus, evaluateAt: 'now' });
    expect(onRunQuery).toHaveBeenCalled();
    expect(field).toBeInTheDocument();
  });

  it('drops the option when set back to the range end, the default', () => {
    const { onChange } = edit({ refId: 'A', queryType: QueryType.SloStatus, evaluateAt: 'now' });
    expect(screen.getByRole('radio', { name: 'Now' })).toBeChecked();
    fireEvent.click(screen.getByRole('radio', { name: 'Range end' }));
    expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: QueryType.SloStatus, evaluateAt: undefined });
  });

  it('is not offered for time series, which keep the dashboard’s range', () => {
    render(
      <QueryEditor
        query={{ refId: 'A', queryType: QueryType.Budget }}
        onChange={jest.fn()}
        onRunQuery={jest.fn()}
        datasource={new StewardDataSource(stewardSettings)}
      />
    );
    expect(screen.queryByTestId(testIds.datasource.evaluateAt)).toBeNull();
  });
});
