import { manifestSchema, type Manifest } from "@/server/manifest/manifest.schema";
import { formatPath, type Finding, type ManifestError } from "@/server/manifest/manifest-error";
import { runStaticChecks, type StaticCheckOptions } from "@/server/manifest/static-checks";
import { parseManifestSource, type ManifestSource } from "@/server/manifest/yaml-source";
import { zodIssuesToFindings } from "@/server/manifest/zod-findings";

export interface LoadManifestOptions extends StaticCheckOptions {
  /** JSON is valid YAML, so the default reads both; "json" also rejects YAML-only syntax. */
  format?: "yaml" | "json";
}

export type LoadManifestResult = { ok: true; manifest: Manifest } | { ok: false; errors: ManifestError[] };

/**
 * Parses and validates a manifest, reporting every problem at once — syntax, schema and static
 * checks — each with its path and the line:column it comes from.
 */
export function loadManifest(text: string, options: LoadManifestOptions = {}): LoadManifestResult {
  if (typeof text !== "string") return { ok: false, errors: [{ path: "", message: "the manifest must be given as text" }] };
  const source = parseManifestSource(text, options.format);
  const errors: ManifestError[] = source.problems.map((problem) => ({
    path: formatPath(problem.path),
    message: problem.message,
    line: problem.position.line,
    column: problem.position.column,
  }));
  // A syntax error leaves no trustworthy structure; checking it would only add noise.
  if (source.problems.some((problem) => problem.fatal)) return { ok: false, errors: sortByPosition(errors) };

  if (source.data === null || source.data === undefined) {
    return { ok: false, errors: [...errors, { path: "", message: "the manifest is empty", line: 1, column: 1 }] };
  }

  const parsed = manifestSchema.safeParse(source.data, { reportInput: true });
  const schemaFindings = parsed.success ? [] : zodIssuesToFindings(parsed.error.issues, source.data);
  // Where the schema already complained about a value, a static finding on it adds nothing.
  const reported = new Set(schemaFindings.map((finding) => formatPath(finding.path)));
  const staticFindings = runStaticChecks(source.data, options).filter((finding) => !reported.has(formatPath(finding.path)));

  errors.push(...placeFindings(source, [...schemaFindings, ...staticFindings]));
  if (errors.length > 0 || !parsed.success) return { ok: false, errors: sortByPosition(dedupe(errors)) };
  return { ok: true, manifest: parsed.data as Manifest };
}

function placeFindings(source: ManifestSource, findings: Finding[]): ManifestError[] {
  return findings.map((finding) => {
    const position = source.locate(finding.path, finding.at);
    return { path: formatPath(finding.path), message: finding.message, line: position?.line, column: position?.column };
  });
}

function dedupe(errors: ManifestError[]): ManifestError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const id = `${error.path}\u0000${error.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** Reading order, so the first error in the list is the first one in the file. */
function sortByPosition(errors: ManifestError[]): ManifestError[] {
  return errors
    .map((error, index) => ({ error, index }))
    .sort((a, b) => rank(a.error.line) - rank(b.error.line) || rank(a.error.column) - rank(b.error.column) || a.index - b.index)
    .map(({ error }) => error);
}

/** Errors without a position go last. */
function rank(value: number | undefined): number {
  return value ?? Number.MAX_SAFE_INTEGER;
}
