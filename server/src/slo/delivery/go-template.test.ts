import { describe, expect, it } from 'vitest';
import { goTemplateProblem } from './go-template.js';

/** Verdicts of `promtool check rules` 2.42 on each as an alert annotation. */
export const PROMTOOL_ACCEPTS = [
  'plain text }} and {',
  '{{ $labels.team }} {{ .Labels.team }} {{ $labels.x.y }}',
  '{{ printf "%.1f" $value }}×',
  '{{ .Value | humanize }}%',
  '{{ .a | printf "%s" | len }}',
  '{{ with $v := . }}{{ $v }}{{ else }}{{ $v }}{{ end }}',
  "{{ 0x1F }}{{ 1e3 }}{{ 'a' }}{{ -1.5 }}{{-3}}",
  '{{- 3 -}} {{ 3 -}}x {{ true }}{{ false }} {{ nil }}',
  '{{ define "x" }}{{ end }}{{ template "x" }}{{ block "b" . }}x{{ end }}',
  '{{ range $i, $e := . }}{{ $i }}{{ continue }}{{ break }}{{ end }}',
  '{{ if . }}{{ else if . }}{{ else }}{{ end }}',
  '{{/* c */}}ok{{- /* d */ -}}',
  '{{ `a\nb` }} {{ "a\\"b" }} {{ (1) }} {{ $ }}',
  '{{ $x := 1 }}{{ $x = 2 }}{{ $x }}',
  '{{ query "up" | first | value | humanizeDuration }} {{ "a" | toUpper | stripPort }}',
];
export const PROMTOOL_REFUSES: Array<[string, string]> = [
  ['{{', 'unclosed action'],
  ['{{}}', 'missing value for command'],
  ['{{ if }}{{ end }}', 'missing value for if'],
  ['{{ if .Value }}x', 'unexpected EOF'],
  ['{{ end }}', 'unexpected {{end}}'],
  ['{{ else }}', 'unexpected {{else}}'],
  ['{{ else with . }}', 'unexpected {{else}}'],
  ['{{ $x }}', 'undefined variable "$x"'],
  ['{{ break }}', '{{break}} outside {{range}}'],
  ['{{ "a\n" }}', 'unterminated quoted string'],
  ['{{ "\\q" }}', 'invalid syntax'],
  ['{{ printf "%s" (1 }}', 'unclosed left paren'],
  ['{{ ( ) }}', 'missing value for parenthesized pipeline'],
  ['{{ "a" | 1 }}', 'non executable command in pipeline stage 2'],
  ['{{ if 1 }}{{ define "y" }}{{ end }}{{ end }}', 'unexpected <define> in command'],
  ['{{ nosuchfunc }}', 'function "nosuchfunc" not defined'],
  ['{{ .a b }}', 'function "b" not defined'],
  ['{{ 1.2.3 }}', 'in command'],
  ['{{ ..a }}', 'in command'],
  ['{{ /* c */ }}', 'in command'],
  ['{{/* c */ }}', 'comment ends before closing delimiter'],
  ['{{/* c', 'unclosed comment'],
  ['{{ define "x" }}{{ $labels }}{{ end }}', 'undefined variable "$labels"'],
];

describe('goTemplateProblem', () => {
  it.each(PROMTOOL_ACCEPTS)('accepts %j, as Prometheus does', (text) => {
    expect(goTemplateProblem(text)).toBeUndefined();
  });

  it.each(PROMTOOL_REFUSES)('refuses %j: %s', (text, reason) => {
    expect(goTemplateProblem(text)).toContain(reason);
  });
});
