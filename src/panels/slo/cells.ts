import { FieldType, getFieldDisplayName, type DataFrame, type DisplayValue } from '@grafana/data';

export interface GridCell {
  key: string;
  title: string;
  display: DisplayValue;
}

/**
 * One cell per row of the first frame: titled by its first text field, valued by its first
 * number field, formatted and coloured by that field's display processor (unit, thresholds).
 */
export function cellsFromFrame(frame: DataFrame | undefined): GridCell[] {
  if (!frame) {
    return [];
  }
  const titleField = frame.fields.find((f) => f.type === FieldType.string);
  const valueField = frame.fields.find((f) => f.type === FieldType.number);
  if (!valueField?.display) {
    return [];
  }
  const cells: GridCell[] = [];
  for (let row = 0; row < frame.length; row++) {
    const title = titleField ? String(titleField.values[row]) : getFieldDisplayName(valueField, frame);
    cells.push({ key: `${row}:${title}`, title, display: valueField.display(valueField.values[row]) });
  }
  return cells;
}
