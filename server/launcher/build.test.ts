import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sourceFingerprint } from "./build";

function tree() {
  const root = mkdtempSync(path.join(os.tmpdir(), "fingerprint-"));
  mkdirSync(path.join(root, "server", "engine"), { recursive: true });
  writeFileSync(path.join(root, "server", "engine", "runner.ts"), "export const a = 1;\n");
  writeFileSync(path.join(root, "package-lock.json"), "{}\n");
  return root;
}

describe("the build fingerprint", () => {
  it("changes with the code the build compiles", () => {
    const root = tree();
    const before = sourceFingerprint(root);
    writeFileSync(path.join(root, "server", "engine", "runner.ts"), "export const a = 2; // longer\n");
    expect(sourceFingerprint(root)).not.toBe(before);
  });

  it("ignores tests and READMEs beside the code, which need no rebuild", () => {
    const root = tree();
    const before = sourceFingerprint(root);
    writeFileSync(path.join(root, "server", "engine", "README.md"), "# The engine\n");
    writeFileSync(path.join(root, "server", "engine", "runner.test.ts"), "it('works', () => {});\n");
    writeFileSync(path.join(root, "server", "engine", "runner.int.test.ts"), "it('works', () => {});\n");
    expect(sourceFingerprint(root)).toBe(before);
  });
});
