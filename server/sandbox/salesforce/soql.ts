/**
 * The part of SOQL the sandbox answers: `SELECT f1, f2 FROM Object [WHERE cond [AND cond]…]
 * [ORDER BY f [ASC|DESC]] [LIMIT n]`, where a condition is `field = value`, `field != value` or
 * `field IN (value, …)` and a value is a quoted string, a number, `true`, `false` or `null`.
 * Anything else is refused as Salesforce refuses it: `MALFORMED_QUERY` with what was unexpected.
 */
export interface Condition {
  field: string;
  op: "=" | "!=" | "IN";
  values: Array<string | number | boolean | null>;
}

export interface SoqlQuery {
  fields: string[];
  object: string;
  where: Condition[];
  orderBy?: { field: string; direction: "ASC" | "DESC" };
  limit?: number;
}

export class SoqlError extends Error {}

type Token = { kind: "word" | "string" | "number" | "symbol"; text: string };

function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const char = soql[i]!;
    if (/\s/.test(char)) {
      i++;
    } else if (char === "'") {
      let value = "";
      i++;
      for (;;) {
        if (i >= soql.length) throw new SoqlError("unterminated string literal");
        const c = soql[i]!;
        if (c === "\\") {
          value += soql[i + 1] ?? "";
          i += 2;
        } else if (c === "'") {
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      tokens.push({ kind: "string", text: value });
    } else if (/[0-9-]/.test(char) && /[0-9]/.test(soql[i + 1] ?? char)) {
      const match = /^-?\d+(\.\d+)?/.exec(soql.slice(i))!;
      tokens.push({ kind: "number", text: match[0] });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(char)) {
      const match = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(soql.slice(i))!;
      tokens.push({ kind: "word", text: match[0] });
      i += match[0].length;
    } else if (soql.startsWith("!=", i)) {
      tokens.push({ kind: "symbol", text: "!=" });
      i += 2;
    } else if ("=,()".includes(char)) {
      tokens.push({ kind: "symbol", text: char });
      i++;
    } else {
      throw new SoqlError(`unexpected token: '${char}'`);
    }
  }
  return tokens;
}

export function parseSoql(soql: string): SoqlQuery {
  const tokens = tokenize(soql);
  let at = 0;
  const peek = () => tokens[at];
  const keyword = (word: string) => peek()?.kind === "word" && peek()!.text.toUpperCase() === word;
  const expect = (word: string) => {
    if (!keyword(word)) throw new SoqlError(`unexpected token: '${peek()?.text ?? "end of query"}', expected ${word}`);
    at++;
  };
  const identifier = (what: string) => {
    const token = tokens[at++];
    if (token?.kind !== "word") throw new SoqlError(`unexpected token: '${token?.text ?? "end of query"}', expected ${what}`);
    return token.text;
  };
  const value = (): string | number | boolean | null => {
    const token = tokens[at++];
    if (!token) throw new SoqlError("unexpected end of query, expected a value");
    if (token.kind === "string") return token.text;
    if (token.kind === "number") return Number(token.text);
    if (token.kind === "word" && /^(true|false|null)$/i.test(token.text))
      return token.text.toLowerCase() === "null" ? null : token.text.toLowerCase() === "true";
    throw new SoqlError(`unexpected token: '${token.text}', expected a quoted string, a number, true, false or null`);
  };

  expect("SELECT");
  const fields = [identifier("a field name")];
  while (peek()?.text === ",") {
    at++;
    fields.push(identifier("a field name"));
  }
  expect("FROM");
  const object = identifier("an object name");
  const where: Condition[] = [];
  if (keyword("WHERE")) {
    at++;
    for (;;) {
      const field = identifier("a field name");
      if (keyword("IN")) {
        at++;
        if (peek()?.text !== "(") throw new SoqlError(`unexpected token: '${peek()?.text ?? "end of query"}', expected (`);
        at++;
        const values = [value()];
        while (peek()?.text === ",") {
          at++;
          values.push(value());
        }
        if (tokens[at++]?.text !== ")") throw new SoqlError("expected ) to close IN");
        where.push({ field, op: "IN", values });
      } else {
        const op = tokens[at++];
        if (op?.text !== "=" && op?.text !== "!=") throw new SoqlError(`unexpected token: '${op?.text ?? "end of query"}', expected =, != or IN`);
        where.push({ field, op: op.text, values: [value()] });
      }
      if (!keyword("AND")) break;
      at++;
    }
  }
  let orderBy: SoqlQuery["orderBy"];
  if (keyword("ORDER")) {
    at++;
    expect("BY");
    const field = identifier("a field name");
    let direction: "ASC" | "DESC" = "ASC";
    if (keyword("ASC") || keyword("DESC")) direction = tokens[at++]!.text.toUpperCase() as "ASC" | "DESC";
    orderBy = { field, direction };
  }
  let limit: number | undefined;
  if (keyword("LIMIT")) {
    at++;
    const token = tokens[at++];
    if (token?.kind !== "number" || !/^\d+$/.test(token.text)) throw new SoqlError("LIMIT takes a whole number");
    limit = Number(token.text);
  }
  if (at < tokens.length) throw new SoqlError(`unexpected token: '${tokens[at]!.text}'`);
  return { fields, object, where, ...(orderBy ? { orderBy } : {}), ...(limit !== undefined ? { limit } : {}) };
}

/** Whether a record's value satisfies a condition (ids compare by their 15-character form, as in Salesforce). */
export function satisfies(value: unknown, condition: Condition, isId: boolean): boolean {
  const same = (wanted: string | number | boolean | null) => {
    if (wanted === null) return value === null || value === undefined;
    if (isId && typeof value === "string" && typeof wanted === "string") return value.slice(0, 15) === wanted.slice(0, 15);
    return value === wanted || (typeof value === "number" && Number(wanted) === value);
  };
  const found = condition.values.some(same);
  return condition.op === "!=" ? !found : found;
}
