/**
 * Reads the curl commands of docs/api.md well enough to run them: `VAR=$(curl … | jq -r .field)`
 * or a bare `curl …`, with -X, -H and -d, single and double quotes, and $VAR expansion.
 */
export interface CurlStep {
  assign: string | null;
  jqField: string | null;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

function tokenize(command: string, vars: Record<string, string>): string[] {
  const tokens: string[] = [];
  let current: string | null = null;
  const expand = (text: string) =>
    text.replace(/\$([A-Z_][A-Z0-9_]*)/g, (_, name: string) => {
      if (!(name in vars)) throw new Error(`docs use $${name} before setting it`);
      return vars[name];
    });
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (c === "'") {
      const end = command.indexOf("'", i + 1);
      current = (current ?? "") + command.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let text = "";
      for (i++; command[i] !== '"'; i++) text += command[i] === "\\" ? command[++i] : command[i];
      current = (current ?? "") + expand(text);
    } else if (/\s/.test(c)) {
      if (current !== null) tokens.push(current);
      current = null;
    } else {
      let text = "";
      while (i < command.length && !/[\s'"]/.test(command[i])) text += command[i++];
      i--;
      current = (current ?? "") + expand(text);
    }
  }
  if (current !== null) tokens.push(current);
  return tokens;
}

export function parseCurl(block: string, vars: Record<string, string>): CurlStep {
  let command = block.replace(/\\\n\s*/g, " ").trim();
  let assign: string | null = null;
  let jqField: string | null = null;
  const wrapped = command.match(/^([A-Z_]+)=\$\((.*)\)$/s);
  if (wrapped) {
    assign = wrapped[1];
    command = wrapped[2];
  }
  const piped = command.match(/^(.*)\|\s*jq -r \.(\w+)$/s);
  if (piped) {
    command = piped[1];
    jqField = piped[2];
  }
  const tokens = tokenize(command, vars);
  if (tokens[0] !== "curl") throw new Error(`not a curl command: ${block}`);
  const step: CurlStep = { assign, jqField, method: "GET", url: "", headers: {}, body: undefined };
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === "-s") continue;
    else if (token === "-X") step.method = tokens[++i];
    else if (token === "-H") {
      const [name, ...value] = tokens[++i].split(":");
      step.headers[name.trim()] = value.join(":").trim();
    } else if (token === "-d") step.body = tokens[++i];
    else if (token.startsWith("-")) throw new Error(`the walkthrough test does not know curl's ${token}`);
    else step.url = token;
  }
  return step;
}

/** The fenced blocks of a markdown section, in order, with their language. */
export function fencedBlocks(markdown: string, heading: string): { lang: string; text: string }[] {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`no "${heading}" section`);
  const rest = markdown.slice(start + heading.length + 2);
  const section = rest.split(/\n## /)[0];
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], text: m[2].trim() }));
}
