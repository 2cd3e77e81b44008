/**
 * Checks alert label and annotation values the way Prometheus does when it loads a rule file:
 * each is parsed as a Go text/template, with Prometheus's functions and the variables it
 * defines (`$labels`, `$externalLabels`, `$externalURL`, `$value`). One template that does not
 * parse makes Prometheus refuse the whole file. No Go runs here and no npm package parses Go
 * templates, so this follows text/template's lexer and parser (Go 1.19, as in Prometheus 2.42)
 * for what they refuse at parse time; where it is unsure it refuses, never the other way round.
 */

/** Go's builtins, and the functions Prometheus 2.42 adds (template/template.go). */
const FUNCTIONS = new Set([
  ...['and', 'call', 'html', 'index', 'slice', 'js', 'len', 'not', 'or', 'print', 'printf', 'println'],
  ...['urlquery', 'eq', 'ge', 'gt', 'le', 'lt', 'ne'],
  ...['query', 'first', 'label', 'value', 'strvalue', 'args', 'reReplaceAll', 'safeHtml', 'match', 'title'],
  ...['toUpper', 'toLower', 'graphLink', 'tableLink', 'sortByLabel', 'humanize', 'humanize1024'],
  ...['humanizeDuration', 'humanizePercentage', 'humanizeTimestamp', 'toTime', 'pathPrefix', 'externalURL'],
  ...['parseDuration', 'stripPort', 'stripDomain'],
]);
const ALERT_VARIABLES = ['$', '$labels', '$externalLabels', '$externalURL', '$value'];
const CONTROL = new Set(['if', 'with', 'range', 'else', 'end', 'define', 'block', 'template', 'break', 'continue']);

type Token =
  | { type: 'word'; text: string }
  | { type: 'var'; text: string }
  | { type: 'field'; text: string }
  | { type: 'literal'; text: string }
  | { type: 'punct'; text: '(' | ')' | '|' | ',' | ':=' | '=' };

class TemplateError extends Error {}

/** Undefined when `text` parses as Prometheus parses an alert template; otherwise Go's reason. */
export function goTemplateProblem(text: string): string | undefined {
  try {
    const checker = new Checker();
    for (const action of actions(text)) {
      checker.action(action);
    }
    checker.finish();
    return undefined;
  } catch (error) {
    if (error instanceof TemplateError) {
      return error.message;
    }
    throw error;
  }
}

/** The tokens of each `{{ … }}` action in order; comments and text are skipped. */
function* actions(text: string): Generator<Token[]> {
  let at = 0;
  for (;;) {
    const open = text.indexOf('{{', at);
    if (open < 0) {
      return;
    }
    let i = open + 2;
    if (text[i] === '-' && isSpace(text[i + 1])) {
      i += 2;
    }
    while (isSpace(text[i])) {
      i++;
    }
    if (text.startsWith('/*', i) && i === open + 2 + (text[open + 2] === '-' ? 2 : 0)) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) {
        throw new TemplateError('unclosed comment');
      }
      const after = /^(\s-)?\}\}/.exec(text.slice(close + 2));
      if (!after) {
        throw new TemplateError('comment ends before closing delimiter');
      }
      at = close + 2 + after[0].length;
      continue;
    }
    const { tokens, end } = lexAction(text, i);
    yield tokens;
    at = end;
  }
}

function lexAction(text: string, start: number): { tokens: Token[]; end: number } {
  const tokens: Token[] = [];
  let i = start;
  for (;;) {
    if (i >= text.length) {
      throw new TemplateError('unclosed action');
    }
    const char = text[i]!;
    const rest = text.slice(i);
    if (rest.startsWith('}}')) {
      return { tokens, end: i + 2 };
    }
    if (isSpace(char)) {
      if (/^\s-\}\}/.test(rest)) {
        return { tokens, end: i + 4 };
      }
      i++;
      continue;
    }
    const match =
      /^"(?:[^"\\\n]|\\.)*"/.exec(rest) ??
      /^`[^`]*`/.exec(rest) ??
      /^'(?:[^'\\\n]|\\[^\n]+?)'/.exec(rest) ??
      /^[+-]?(?:0[xX][\da-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)i?(?![\w.])/.exec(
        rest
      );
    if (match) {
      checkLiteral(match[0]);
      tokens.push({ type: 'literal', text: match[0] });
      i += match[0].length;
      continue;
    }
    if (char === '"' || char === '`' || char === "'") {
      throw new TemplateError(char === '`' ? 'unterminated raw quoted string' : 'unterminated quoted string');
    }
    const word = /^(?:\$\w*|\.[A-Za-z_]\w*|\.(?![\w.])|[A-Za-z_]\w*)/.exec(rest);
    if (word) {
      const text = word[0];
      tokens.push({ type: text.startsWith('$') ? 'var' : text.startsWith('.') ? 'field' : 'word', text });
      i += text.length;
      continue;
    }
    const punct = /^(?::=|[()|,=])/.exec(rest);
    if (punct) {
      tokens.push({ type: 'punct', text: punct[0] as '(' | ')' | '|' | ',' | ':=' | '=' });
      i += punct[0].length;
      continue;
    }
    throw new TemplateError(`unexpected ${JSON.stringify(rest.slice(0, 3))} in command`);
  }
}

/** Go's strconv.Unquote accepts only these escapes in "…" and '…'. */
function checkLiteral(literal: string): void {
  if (literal[0] === '"' || literal[0] === "'") {
    const body = literal.slice(1, -1);
    if (!/^(?:[^\\]|\\(?:[abfnrtv\\'"]|x[\da-fA-F]{2}|u[\da-fA-F]{4}|U[\da-fA-F]{8}|[0-7]{3}))*$/.test(body)) {
      throw new TemplateError('invalid syntax');
    }
    if (literal[0] === "'" && [...body.replace(/\\(x..|u....|U........|[0-7]{3}|.)/g, 'e')].length !== 1) {
      throw new TemplateError('malformed character constant');
    }
  }
}

interface Block {
  kind: string;
  /** Variables declared in this block, visible until its end. */
  variables: Set<string>;
  /** A define or block body starts a template of its own, with only `$` defined. */
  template: boolean;
  sawElse: boolean;
}

class Checker {
  private readonly stack: Block[] = [
    { kind: 'root', variables: new Set(ALERT_VARIABLES), template: true, sawElse: false },
  ];

  action(tokens: Token[]): void {
    const [first, ...rest] = tokens;
    const keyword = first?.type === 'word' && CONTROL.has(first.text) ? first.text : undefined;
    switch (keyword) {
      case 'if':
      case 'with':
      case 'range': {
        const block: Block = { kind: keyword, variables: new Set(), template: false, sawElse: false };
        this.stack.push(block);
        this.pipeline(rest, keyword, keyword === 'range' ? 2 : 1);
        return;
      }
      case 'else':
        return this.else(rest);
      case 'end':
        if (this.stack.length === 1 || rest.length > 0) {
          throw new TemplateError(rest.length > 0 ? 'unexpected token after end' : 'unexpected {{end}}');
        }
        this.stack.pop();
        return;
      case 'define':
      case 'block': {
        if (keyword === 'define' && this.stack.length > 1) {
          throw new TemplateError('unexpected <define> in command');
        }
        if (rest[0]?.type !== 'literal' || !/^["`]/.test(rest[0].text)) {
          throw new TemplateError(`unexpected token in ${keyword} clause`);
        }
        if (keyword === 'block') {
          this.pipeline(rest.slice(1), 'block', 0, true);
        } else if (rest.length > 1) {
          throw new TemplateError('unexpected token in define clause');
        }
        this.stack.push({ kind: keyword, variables: new Set(['$']), template: true, sawElse: false });
        return;
      }
      case 'template':
        if (rest[0]?.type !== 'literal' || !/^["`]/.test(rest[0].text)) {
          throw new TemplateError('unexpected token in template clause');
        }
        this.pipeline(rest.slice(1), 'template', 0, true);
        return;
      case 'break':
      case 'continue':
        if (rest.length > 0 || !this.inRange()) {
          throw new TemplateError(`{{${keyword}}} outside {{range}}`);
        }
        return;
      default:
        this.pipeline(tokens, 'command', 1);
    }
  }

  finish(): void {
    if (this.stack.length > 1) {
      throw new TemplateError('unexpected EOF');
    }
  }

  private else(rest: Token[]): void {
    const block = this.stack[this.stack.length - 1]!;
    if (!['if', 'with', 'range'].includes(block.kind) || block.sawElse) {
      throw new TemplateError('unexpected {{else}}');
    }
    if (rest[0]?.type === 'word' && rest[0].text === 'if') {
      this.pipeline(rest.slice(1), 'if', 1);
      return;
    }
    if (rest.length > 0) {
      throw new TemplateError(`unexpected <${rest[0]!.text}> in else`);
    }
    block.sawElse = true;
  }

  private inRange(): boolean {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      if (this.stack[i]!.kind === 'range') {
        return true;
      }
      if (this.stack[i]!.template) {
        return false;
      }
    }
    return false;
  }

  private declared(name: string): boolean {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      if (this.stack[i]!.variables.has(name)) {
        return true;
      }
      if (this.stack[i]!.template) {
        return false;
      }
    }
    return false;
  }

  /** `[$a[, $b] :=|=] command | command …`; `maxDeclared` 0 means no declaration is allowed. */
  private pipeline(tokens: Token[], context: string, maxDeclared: number, optional = false): void {
    let rest = tokens;
    const declaration = /^(?:var(?: punct:, var)? punct:(?::=|=))/.exec(
      rest
        .slice(0, 4)
        .map((t) => (t.type === 'var' ? 'var' : `${t.type}:${t.text}`))
        .join(' ')
    );
    if (declaration && maxDeclared > 0) {
      const count = declaration[0].includes(',') ? 2 : 1;
      if (count > maxDeclared) {
        throw new TemplateError('too many declarations in command');
      }
      const opIndex = count * 2 - 1;
      const names = rest
        .slice(0, opIndex)
        .filter((t) => t.type === 'var')
        .map((t) => t.text);
      const assign = rest[opIndex]!.text === '=';
      rest = rest.slice(opIndex + 1);
      for (const name of names) {
        if (assign && !this.declared(name)) {
          throw new TemplateError(`undefined variable "${name}"`);
        }
      }
      // Declared for what follows in the enclosing block (or this one, for if/with/range).
      names.forEach((name) => this.stack[this.stack.length - 1]!.variables.add(name));
    }
    if (rest.length === 0) {
      if (optional) {
        return;
      }
      throw new TemplateError(`missing value for ${context}`);
    }
    const end = this.commands(rest, 0, context);
    if (end < rest.length) {
      throw new TemplateError(`unexpected "${rest[end]!.text}" in ${context}`);
    }
  }

  /** Commands from `start` to the end or an unmatched `)`; returns where it stopped. */
  private commands(tokens: Token[], start: number, context: string): number {
    let i = start;
    for (let stage = 1; ; stage++) {
      const first = tokens[i];
      if (
        stage > 1 &&
        first &&
        (first.type === 'literal' || first.text === 'nil' || isBool(first) || first.text === '.')
      ) {
        throw new TemplateError(`non executable command in pipeline stage ${stage}`);
      }
      if ((!first || first.text === ')' || first.text === '|') && stage === 1) {
        throw new TemplateError(`missing value for ${context}`);
      }
      while (i < tokens.length && tokens[i]!.text !== '|' && tokens[i]!.text !== ')') {
        i = this.operand(tokens, i);
      }
      if (tokens[i]?.text !== '|') {
        return i;
      }
      i++;
    }
  }

  private operand(tokens: Token[], i: number): number {
    const token = tokens[i]!;
    let next = i + 1;
    if (token.type === 'punct') {
      if (token.text !== '(') {
        throw new TemplateError(`unexpected "${token.text}" in operand`);
      }
      next = this.commands(tokens, i + 1, 'parenthesized pipeline');
      if (tokens[next]?.text !== ')') {
        throw new TemplateError('unclosed left paren');
      }
      next++;
    } else if (token.type === 'var' && !this.declared(token.text)) {
      throw new TemplateError(`undefined variable "${token.text}"`);
    } else if (token.type === 'word' && CONTROL.has(token.text)) {
      throw new TemplateError(`unexpected <${token.text}> in command`);
    } else if (token.type === 'word' && !FUNCTIONS.has(token.text) && token.text !== 'nil' && !isBool(token)) {
      throw new TemplateError(`function "${token.text}" not defined`);
    }
    // A term may be followed by .field chains, written without spaces in between.
    while (tokens[next]?.type === 'field' && tokens[next]!.text !== '.') {
      next++;
    }
    return next;
  }
}

function isBool(token: Token): boolean {
  return token.type === 'word' && (token.text === 'true' || token.text === 'false');
}

function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\r' || char === '\n';
}
