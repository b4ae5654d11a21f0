/**
 * ZIS lets `.$` values embed JSONPaths in text with `{{$.path}}`. Switchyard expresses the same
 * thing with the ASL intrinsic `States.Format`, which the engine already evaluates and the loader
 * already checks, so templates are rewritten rather than supported twice.
 */
const PLACEHOLDER = /\{\{\s*(\$[^}]*?)\s*\}\}/g;

/** Characters that are special inside a States.Format template or its quoted string. */
function escapeFormatLiteral(text: string): string {
  return text.replace(/[\\'{}]/g, (character) => `\\${character}`);
}

/** `"ID {{$.ticket.id}}!"` → `"States.Format('ID {}!', $.ticket.id)"`; `"{{$.x}}"` → `"$.x"`. */
export function zisTemplateToExpression(value: string): string {
  const paths: string[] = [];
  const literals: string[] = [];
  let last = 0;
  for (const match of value.matchAll(PLACEHOLDER)) {
    literals.push(value.slice(last, match.index));
    paths.push(match[1]);
    last = match.index + match[0].length;
  }
  if (paths.length === 0) return value;
  literals.push(value.slice(last));
  if (paths.length === 1 && literals.every((literal) => literal === "")) return paths[0];
  const template = literals.map(escapeFormatLiteral).join("{}");
  return `States.Format('${template}', ${paths.join(", ")})`;
}

/** Rewrites every `"key.$"` template in a payload, leaving literal values alone. */
export function convertTemplates(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(convertTemplates);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key.endsWith(".$") && typeof inner === "string" ? zisTemplateToExpression(inner) : convertTemplates(inner),
    ]),
  );
}
