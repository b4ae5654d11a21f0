import { describe, expect, it } from "vitest";
import { lineDiff } from "./line-diff";

const render = (text: string, other: string) =>
  lineDiff(text, other).map((l) => `${l.kind === "same" ? " " : l.kind === "added" ? "+" : "-"}${l.text}`);

describe("lineDiff", () => {
  it("marks nothing when the sources are equal", () => {
    expect(lineDiff("a\nb", "a\nb").every((l) => l.kind === "same")).toBe(true);
  });

  it("shows a changed line as removed then added, keeping the lines around it", () => {
    expect(render("key: x\nname: Old\nflows: []", "key: x\nname: New\nflows: []")).toEqual([" key: x", "-name: Old", "+name: New", " flows: []"]);
  });

  it("keeps the longest common subsequence and numbers both sides", () => {
    const diff = lineDiff("a\nb\nc\nd", "a\nc\nd\ne");
    expect(diff.map((l) => `${l.kind}:${l.text}`)).toEqual(["same:a", "removed:b", "same:c", "same:d", "added:e"]);
    expect(diff.find((l) => l.text === "d")).toMatchObject({ oldLine: 4, newLine: 3 });
    expect(diff.find((l) => l.text === "e")).toMatchObject({ oldLine: null, newLine: 4 });
  });

  it("handles an empty side", () => {
    expect(render("", "x\ny")).toEqual(["-", "+x", "+y"]);
  });
});
