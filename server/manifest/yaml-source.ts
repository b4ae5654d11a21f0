import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";

import type { ManifestPath } from "@/server/manifest/manifest-error";

export interface SourcePosition {
  line: number;
  column: number;
}

/** A problem of the text itself; `fatal` ones mean the data cannot be trusted. */
export interface SourceProblem {
  path: ManifestPath;
  message: string;
  position: SourcePosition;
  fatal: boolean;
}

/** A parsed manifest text that can still answer "where did this value come from?". */
export interface ManifestSource {
  data: unknown;
  problems: SourceProblem[];
  locate(path: ManifestPath, at?: "key" | "value"): SourcePosition | undefined;
}

export function parseManifestSource(text: string, format: "yaml" | "json" | undefined): ManifestSource {
  const lineCounter = new LineCounter();
  // The JSON schema makes unquoted words (yes, 0x10, foo) errors instead of silently typed values.
  const doc = parseDocument(text, { lineCounter, schema: format === "json" ? "json" : "core", prettyErrors: false });
  const position = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  // Duplicate keys are found by our own walk, which knows their paths; yaml only knows offsets.
  const problems: SourceProblem[] = doc.errors
    .filter((error) => error.code !== "DUPLICATE_KEY")
    .map((error) => ({ fatal: true, path: [], message: firstLine(error.message), position: position(error.pos[0]) }));
  if (format === "json" && doc.contents && !(isMap(doc.contents) && doc.contents.flow)) {
    const offset = doc.contents.range?.[0] ?? 0;
    problems.push({ fatal: true, path: [], message: "expected a JSON object", position: position(offset) });
  }
  problems.push(...keyProblems(doc, position));

  let data: unknown;
  if (!problems.some((problem) => problem.fatal)) {
    try {
      data = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // toJS refuses alias bombs ("excessive alias count") rather than expanding them.
      const message = error instanceof Error ? error.message : String(error);
      problems.push({ fatal: true, path: [], message, position: position(0) });
    }
  }

  return {
    data,
    problems,
    locate(path, at = "value") {
      const offset = locateOffset(doc, path, at);
      return offset === undefined ? undefined : position(offset);
    },
  };
}

function firstLine(message: string): string {
  // yaml appends " at line L, column C" and a code excerpt; we report positions separately.
  return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}

/**
 * Duplicate keys (a duplicate leaves a usable document: the last value wins, so checking goes on)
 * and collection keys (which `toJS` would stringify) are both reported at the key.
 */
function keyProblems(doc: Document, position: (offset: number) => SourcePosition): SourceProblem[] {
  const problems: SourceProblem[] = [];
  const visit = (node: unknown, path: Array<string | number>): void => {
    if (path.length > 200) return;
    if (isMap(node)) {
      const firstSeen = new Map<string, number>();
      for (const pair of node.items) {
        const keyOffset = rangeStart(pair.key) ?? 0;
        if (pair.key !== null && !isScalar(pair.key)) {
          problems.push({ fatal: true, path, message: "mapping keys must be plain strings", position: position(keyOffset) });
          continue;
        }
        const key = String(pair.key?.value ?? "");
        const first = firstSeen.get(key);
        if (first === undefined) firstSeen.set(key, keyOffset);
        else {
          const { line, column } = position(first);
          const message = `duplicate key "${key}" (first defined at line ${line}:${column})`;
          problems.push({ fatal: false, path: [...path, key], message, position: position(keyOffset) });
        }
        visit(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item, [...path, index]));
    }
  };
  visit(doc.contents, []);
  return problems;
}

/**
 * Walks the YAML node tree along `path`. When the path leaves the document (a required key is
 * missing), the deepest node that exists is the best place to point at.
 */
function locateOffset(doc: Document, path: ManifestPath, at: "key" | "value"): number | undefined {
  let node: unknown = doc.contents;
  let offset = rangeStart(node);
  for (let index = 0; index < path.length; index += 1) {
    if (isAlias(node)) node = node.resolve(doc);
    const segment = path[index];
    const last = index === path.length - 1;
    if (isMap(node)) {
      // The last duplicate is the one whose value survived into the data.
      const pair = node.items.findLast((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return offset;
      if (last && at === "key") return rangeStart(pair.key) ?? offset;
      node = pair.value;
      offset = rangeStart(node) ?? rangeStart(pair.key) ?? offset;
      if (node === null) return offset;
    } else if (isSeq(node) && typeof segment === "number") {
      node = node.items[segment];
      if (node === undefined) return offset;
      offset = rangeStart(node) ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === "object" && "range" in node) {
    const range = (node as { range?: [number, number, number] | null }).range;
    return range ? range[0] : undefined;
  }
  return undefined;
}
