/** One problem found in some input, located as precisely as the source allows. */
export interface InputIssue {
  /** File, environment variable or request part the value came from. */
  source: string;
  /** Dotted path of the offending field, e.g. `listen.port` or `spec.owner`; empty for the whole input. */
  field: string;
  message: string;
  line?: number;
  column?: number;
}

export function formatIssue(issue: InputIssue): string {
  const where = issue.line === undefined ? issue.source : `${issue.source}:${issue.line}:${issue.column ?? 1}`;
  const field = issue.field === '' ? '' : ` ${issue.field}:`;
  return `${where}:${field} ${issue.message}`;
}

/** Thrown when input cannot be used at all; carries every issue found, not just the first. */
export class InvalidInputError extends Error {
  constructor(readonly issues: InputIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'InvalidInputError';
  }
}
