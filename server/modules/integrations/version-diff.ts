/**
 * What changed between two versions of a manifest: the changed lines in hunks with a few lines of
 * context around them, as a code review shows them (jsdiff's structured patch), instead of the
 * whole file. Each line carries its number on the side(s) it exists on.
 */
import { structuredPatch } from "diff";

export type DiffLineKind = "same" | "added" | "removed";

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  oldLine: number | null;
  newLine: number | null;
}

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

export interface VersionDiff {
  added: number;
  removed: number;
  hunks: DiffHunk[];
}

/** Unchanged lines shown before and after each change. */
export const DIFF_CONTEXT_LINES = 3;

const KINDS: Record<string, DiffLineKind | undefined> = { " ": "same", "+": "added", "-": "removed" };

export function versionDiff(before: string, after: string, context = DIFF_CONTEXT_LINES): VersionDiff {
  const patch = structuredPatch("before", "after", before, after, undefined, undefined, { context, stripTrailingCr: true });
  let added = 0;
  let removed = 0;
  const hunks = patch.hunks.map((hunk) => {
    let oldLine = hunk.oldStart;
    let newLine = hunk.newStart;
    const lines: DiffLine[] = [];
    for (const raw of hunk.lines) {
      // "\ No newline at end of file" describes the line before it; it is not a line of the manifest.
      const kind = KINDS[raw[0]];
      if (!kind) continue;
      const text = raw.slice(1);
      if (kind === "same") lines.push({ kind, text, oldLine: oldLine++, newLine: newLine++ });
      else if (kind === "removed") removed++, lines.push({ kind, text, oldLine: oldLine++, newLine: null });
      else added++, lines.push({ kind, text, oldLine: null, newLine: newLine++ });
    }
    return { oldStart: hunk.oldStart, oldLines: hunk.oldLines, newStart: hunk.newStart, newLines: hunk.newLines, lines };
  });
  return { added, removed, hunks };
}
