/** A path into the manifest document: mapping keys and sequence indexes. */
export type ManifestPath = ReadonlyArray<string | number>;

/** One problem found in a manifest, with the line/column it comes from when known (1-based). */
export interface ManifestError {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

/**
 * A problem before it is placed in the source text. `at: "key"` points the reader at the mapping
 * key itself (unknown or duplicate keys); `"value"` at the offending value.
 */
export interface Finding {
  path: ManifestPath;
  message: string;
  at?: "key" | "value";
}

// Segments that read well after a dot; anything else (JSONPath keys, "subject.$") goes in brackets.
const PLAIN_SEGMENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `["flows", 1, "States", "Create"]` → `flows[1].States.Create`. */
export function formatPath(path: ManifestPath): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (PLAIN_SEGMENT.test(segment)) text += text === "" ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/** `flows[1].States.Create.Next: no state named "Creat" (line 42:15)` */
export function formatManifestError(error: ManifestError): string {
  const where = error.line === undefined ? "" : ` (line ${error.line}:${error.column ?? 1})`;
  const prefix = error.path === "" ? "" : `${error.path}: `;
  return `${prefix}${error.message}${where}`;
}
