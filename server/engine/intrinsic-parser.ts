import { isValidPath } from "@/server/engine/paths";

/**
 * Parser for intrinsic function calls such as `States.Format('{} {}', $.a, States.UUID())`:
 * a tokenizer and a recursive-descent parser. Argument counts are checked here so a manifest
 * check can report them before any execution runs.
 */

export type IntrinsicArgument =
  | { kind: "string"; value: string; raw: string; position: number }
  | { kind: "number"; value: number; position: number }
  | { kind: "boolean"; value: boolean; position: number }
  | { kind: "null"; position: number }
  | { kind: "path"; path: string; position: number }
  | IntrinsicCall;

export interface IntrinsicCall {
  kind: "call";
  name: string;
  args: IntrinsicArgument[];
  position: number;
}

/** `[minimum, maximum]` argument counts; Infinity for variadic functions. */
export const INTRINSIC_ARITY: Record<string, [number, number]> = {
  "States.Format": [1, Infinity],
  "States.StringToJson": [1, 1],
  "States.JsonToString": [1, 1],
  "States.Array": [0, Infinity],
  "States.ArrayPartition": [2, 2],
  "States.ArrayContains": [2, 2],
  "States.ArrayRange": [3, 3],
  "States.ArrayGetItem": [2, 2],
  "States.ArrayLength": [1, 1],
  "States.ArrayUnique": [1, 1],
  "States.Base64Encode": [1, 1],
  "States.Base64Decode": [1, 1],
  "States.Hash": [2, 2],
  "States.JsonMerge": [3, 3],
  "States.MathRandom": [2, 3],
  "States.MathAdd": [2, 2],
  "States.StringSplit": [2, 2],
  "States.UUID": [0, 0],
};

export class IntrinsicSyntaxError extends Error {
  constructor(
    message: string,
    /** Zero-based character offset in the expression. */
    readonly position: number,
  ) {
    super(`${message} (at character ${position + 1})`);
    this.name = "IntrinsicSyntaxError";
  }
}

type Token =
  | { type: "name" | "path" | "number"; text: string; position: number }
  | { type: "string"; text: string; raw: string; position: number }
  | { type: "(" | ")" | "," | "end"; text: string; position: number };

/** A path runs until a comma or closing parenthesis outside brackets, parentheses and quotes. */
function readPath(expr: string, start: number): number {
  let index = start;
  let depth = 0;
  let quote: string | null = null;
  for (; index < expr.length; index++) {
    const char = expr[index];
    if (quote) {
      if (char === "\\") index++;
      else if (char === quote) quote = null;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === "[" || char === "(") depth++;
    else if (char === "]" || (char === ")" && depth > 0)) depth--;
    else if (depth === 0 && (char === "," || char === ")" || /\s/.test(char))) break;
  }
  return index;
}

function tokenize(expr: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < expr.length) {
    const char = expr[index];
    if (/\s/.test(char)) {
      index++;
    } else if (char === "(" || char === ")" || char === ",") {
      tokens.push({ type: char, text: char, position: index++ });
    } else if (char === "'") {
      const start = index++;
      let raw = "";
      let text = "";
      while (index < expr.length && expr[index] !== "'") {
        if (expr[index] === "\\") {
          if (index + 1 >= expr.length) throw new IntrinsicSyntaxError("unterminated escape in string literal", index);
          raw += expr[index] + expr[index + 1];
          text += expr[index + 1];
          index += 2;
        } else {
          raw += expr[index];
          text += expr[index++];
        }
      }
      if (index >= expr.length) throw new IntrinsicSyntaxError("unterminated string literal", start);
      index++;
      tokens.push({ type: "string", text, raw, position: start });
    } else if (char === "$") {
      const end = readPath(expr, index);
      tokens.push({ type: "path", text: expr.slice(index, end), position: index });
      index = end;
    } else {
      const match = /^-?\d+(\.\d+)?([eE][+-]?\d+)?|^[A-Za-z_][\w.]*/.exec(expr.slice(index));
      if (!match) throw new IntrinsicSyntaxError(`unexpected character "${char}"`, index);
      tokens.push({ type: /^[-\d]/.test(match[0]) ? "number" : "name", text: match[0], position: index });
      index += match[0].length;
    }
  }
  tokens.push({ type: "end", text: "end of expression", position: expr.length });
  return tokens;
}

class Parser {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.index];
  }

  private expect(type: Token["type"], what: string): Token {
    const token = this.tokens[this.index++];
    if (token.type !== type)
      throw new IntrinsicSyntaxError(`expected ${what}, found ${token.type === "end" ? "the end of the expression" : `"${token.text}"`}`, token.position);
    return token;
  }

  parseCall(): IntrinsicCall {
    const name = this.expect("name", "an intrinsic function name such as States.Format");
    const arity = INTRINSIC_ARITY[name.text];
    if (!arity) throw new IntrinsicSyntaxError(`unknown intrinsic function ${name.text}`, name.position);
    this.expect("(", `"(" after ${name.text}`);
    const args: IntrinsicArgument[] = [];
    if (this.peek().type !== ")") {
      args.push(this.parseArgument());
      while (this.peek().type === ",") {
        this.index++;
        args.push(this.parseArgument());
      }
    }
    this.expect(")", `"," or ")" in the arguments of ${name.text}`);
    const [min, max] = arity;
    if (args.length < min || args.length > max) {
      const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
      throw new IntrinsicSyntaxError(`${name.text} takes ${expected} argument${max === 1 ? "" : "s"}, got ${args.length}`, name.position);
    }
    return { kind: "call", name: name.text, args, position: name.position };
  }

  private parseArgument(): IntrinsicArgument {
    const token = this.peek();
    switch (token.type) {
      case "string":
        this.index++;
        return { kind: "string", value: token.text, raw: token.raw, position: token.position };
      case "number":
        this.index++;
        return { kind: "number", value: Number(token.text), position: token.position };
      case "path": {
        this.index++;
        const invalid = isValidPath(token.text);
        if (invalid) throw new IntrinsicSyntaxError(invalid, token.position);
        return { kind: "path", path: token.text, position: token.position };
      }
      case "name":
        if (token.text === "true" || token.text === "false") {
          this.index++;
          return { kind: "boolean", value: token.text === "true", position: token.position };
        }
        if (token.text === "null") {
          this.index++;
          return { kind: "null", position: token.position };
        }
        return this.parseCall();
      default:
        throw new IntrinsicSyntaxError(`expected an argument, found ${token.type === "end" ? "the end of the expression" : `"${token.text}"`}`, token.position);
    }
  }

  parseExpression(): IntrinsicCall {
    const call = this.parseCall();
    this.expect("end", "the end of the expression");
    return call;
  }
}

/** Parses one intrinsic expression; throws IntrinsicSyntaxError (with `position`) when it is malformed. */
export function parseIntrinsic(expr: string): IntrinsicCall {
  return new Parser(tokenize(expr)).parseExpression();
}
