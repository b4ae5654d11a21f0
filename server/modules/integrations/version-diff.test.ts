import { describe, expect, it } from "vitest";
import { versionDiff } from "./version-diff";

const render = (diff: ReturnType<typeof versionDiff>) =>
  diff.hunks.map((hunk) => hunk.lines.map((line) => `${line.kind === "same" ? " " : line.kind === "added" ? "+" : "-"}${line.text}`));

const numbered = (count: number, prefix = "line") => Array.from({ length: count }, (_, index) => `${prefix} ${index + 1}`);

describe("versionDiff", () => {
  it("has no hunks when the sources are equal", () => {
    expect(versionDiff("a\nb\n", "a\nb\n")).toEqual({ added: 0, removed: 0, hunks: [] });
  });

  it("shows a changed line as removed then added, with three lines of context and no more", () => {
    const before = numbered(20).join("\n");
    const after = before.replace("line 10", "line ten");
    const diff = versionDiff(before, after);
    expect(diff).toMatchObject({ added: 1, removed: 1 });
    expect(render(diff)).toEqual([[" line 7", " line 8", " line 9", "-line 10", "+line ten", " line 11", " line 12", " line 13"]]);
    expect(diff.hunks[0]).toMatchObject({ oldStart: 7, newStart: 7, oldLines: 7, newLines: 7 });
  });

  it("keeps changes far apart in separate hunks and numbers both sides", () => {
    const before = numbered(40);
    const after = [...before];
    after.splice(4, 1);
    after.push("line 41");
    const diff = versionDiff(before.join("\n"), after.join("\n"));
    expect(diff.hunks).toHaveLength(2);
    expect(diff.hunks[0].lines.find((line) => line.kind === "removed")).toEqual({ kind: "removed", text: "line 5", oldLine: 5, newLine: null });
    expect(diff.hunks[0].lines.find((line) => line.text === "line 6")).toMatchObject({ oldLine: 6, newLine: 5 });
    expect(diff.hunks[1].lines.at(-1)).toEqual({ kind: "added", text: "line 41", oldLine: null, newLine: 40 });
  });

  it("treats Windows line endings like Unix ones and leaves out the no-newline marker", () => {
    const diff = versionDiff("key: x\r\nname: Old", "key: x\nname: New\n");
    expect(render(diff)).toEqual([[" key: x", "-name: Old", "+name: New"]]);
  });
});
