import { colorManipulator, type GrafanaTheme2 } from '@grafana/data';
import type { Severity } from '../rows';

/** Severity colours from the theme, tuned by Grafana for both the dark and the light theme. */
export function severityColour(theme: GrafanaTheme2, severity: Severity): string {
  switch (severity) {
    case 'ok':
      return theme.colors.success.main;
    case 'frozen':
    case 'burning':
      return theme.colors.warning.main;
    case 'exhausted':
      return theme.colors.error.main;
    default:
      return theme.colors.text.disabled;
  }
}

/** Text in a severity's colour that stays readable on the panel background (the theme's `text` shade). */
export function severityText(theme: GrafanaTheme2, severity: Severity): string {
  switch (severity) {
    case 'ok':
      return theme.colors.success.text;
    case 'frozen':
    case 'burning':
      return theme.colors.warning.text;
    case 'exhausted':
      return theme.colors.error.text;
    default:
      return theme.colors.text.secondary;
  }
}

/** A faint wash of the severity's colour for a cell background. */
export function severityWash(theme: GrafanaTheme2, severity: Severity): string {
  const alpha = theme.isDark ? 0.14 : 0.1;
  return severity === 'unknown'
    ? theme.colors.background.secondary
    : colorManipulator.alpha(severityColour(theme, severity), alpha);
}
