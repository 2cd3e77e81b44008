import { createDataFrame, createTheme, FieldType, getDisplayProcessor, type DataFrame } from '@grafana/data';
import { cellsFromFrame } from './cells';

function withDisplay(frame: DataFrame): DataFrame {
  const theme = createTheme();
  frame.fields.forEach((field) => {
    field.display = getDisplayProcessor({ field, theme });
  });
  return frame;
}

describe('cellsFromFrame', () => {
  it('makes one cell per row, titled by the first text field and valued by the first number field', () => {
    const frame = withDisplay(
      createDataFrame({
        fields: [
          { name: 'service', type: FieldType.string, values: ['checkout', 'search'] },
          {
            name: 'budget',
            type: FieldType.number,
            values: [0.93, 0.42],
            config: {
              unit: 'percentunit',
              decimals: 0,
              thresholds: {
                mode: 'absolute' as never,
                steps: [
                  { value: -Infinity, color: 'red' },
                  { value: 0.5, color: 'green' },
                ],
              },
            },
          },
        ],
      })
    );
    const cells = cellsFromFrame(frame);
    expect(cells.map((c) => [c.title, `${c.display.text}${c.display.suffix ?? ''}`])).toEqual([
      ['checkout', '93%'],
      ['search', '42%'],
    ]);
    expect(cells[0]!.display.color).not.toEqual(cells[1]!.display.color);
  });

  it('returns nothing for a missing frame or one without numbers', () => {
    expect(cellsFromFrame(undefined)).toEqual([]);
    const textOnly = withDisplay(createDataFrame({ fields: [{ name: 's', type: FieldType.string, values: ['a'] }] }));
    expect(cellsFromFrame(textOnly)).toEqual([]);
  });
});
