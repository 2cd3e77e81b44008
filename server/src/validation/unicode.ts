/**
 * Whether a string holds half of a UTF-16 surrogate pair: JSON can carry one (`"\ud800"`), no
 * UTF-8 file can, and Go writes it as U+FFFD, so Prometheus would hold another value than the
 * one written.
 */
export function hasHalfSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}
