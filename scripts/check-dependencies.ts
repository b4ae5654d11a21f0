/**
 * `npm run lint:deps`: the dependency rules between folders. One dependency-cruiser run checks the
 * rules in .dependency-cruiser.cjs; from the same graph this script then checks that no two
 * folders import each other (server/modules counts as one folder: its areas use each other's
 * services by design). Exits non-zero, listing each offending import, when anything is broken.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

interface Hop {
  name: string;
}
interface Violation {
  type: string;
  from: string;
  to: string;
  rule: { name: string; severity: string };
  cycle?: Hop[];
  via?: Hop[];
}
interface CruisedModule {
  source: string;
  dependencies: { resolved: string; coreModule: boolean; couldNotResolve: boolean }[];
}
interface CruiseResult {
  modules: CruisedModule[];
  summary: { violations: Violation[]; totalCruised: number; totalDependenciesCruised: number };
}

const root = path.resolve(import.meta.dirname, "..");
const SOURCES = ["app", "server", "scripts", "bench", "e2e", "embed-sdk", "proxy.ts"];

function cruise(): CruiseResult {
  const bin = path.join(root, "node_modules", ".bin", "depcruise");
  const result = spawnSync(bin, ["--config", ".dependency-cruiser.cjs", "--output-type", "json", ...SOURCES], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0 && !result.stdout) throw new Error(`dependency-cruiser failed: ${result.stderr || result.error?.message}`);
  return JSON.parse(result.stdout) as CruiseResult;
}

/** The folder a file belongs to for the cycle check: `app`, `scripts`, `server/<folder>`, or a file directly in server/ on its own. */
export function folderOf(file: string): string | null {
  if (file.startsWith("node_modules/") || !file.includes("/")) return file === "proxy.ts" ? "app" : null;
  const [top, second] = file.split("/");
  if (top !== "server") return top;
  return second.includes(".") ? file : `server/${second}`;
}

function reportViolations(violations: Violation[]): number {
  // A reachability rule reports every file that reaches the target; what needs fixing is the last import on the way.
  const grouped = new Map<string, { line: string; count: number }>();
  for (const v of violations) {
    const hops = [v.from, ...(v.via ?? v.cycle ?? []).map((hop) => hop.name)];
    const key =
      v.type === "reachability" ? `${v.rule.name}: ${hops.at(-2)} → ${v.to}` : `${v.rule.name}: ${hops.join(" → ")}${v.type === "cycle" ? "" : ` → ${v.to}`}`;
    const entry = grouped.get(key) ?? { line: key, count: 0 };
    entry.count += 1;
    grouped.set(key, entry);
  }
  for (const { line, count } of grouped.values()) process.stdout.write(`  ${line}${count > 1 ? ` (reached from ${count} files)` : ""}\n`);
  return grouped.size;
}

/** Every pair of folders that import each other, with the imports in each direction. */
export function mutualFolders(imports: { from: string; to: string }[]): { folders: [string, string]; forward: string[]; back: string[] }[] {
  const between = new Map<string, string[]>();
  for (const { from, to } of imports) {
    const [a, b] = [folderOf(from), folderOf(to)];
    if (!a || !b || a === b) continue;
    const key = `${a}\n${b}`;
    between.set(key, [...(between.get(key) ?? []), `${from} → ${to}`]);
  }
  const pairs: { folders: [string, string]; forward: string[]; back: string[] }[] = [];
  for (const [key, forward] of between) {
    const [a, b] = key.split("\n");
    const back = between.get(`${b}\n${a}`);
    if (back && a < b) pairs.push({ folders: [a, b], forward, back });
  }
  return pairs;
}

function reportFolderCycles(modules: CruisedModule[]): number {
  const imports = modules.flatMap((module) =>
    module.dependencies.filter((d) => !d.coreModule && !d.couldNotResolve).map((d) => ({ from: module.source, to: d.resolved })),
  );
  const pairs = mutualFolders(imports);
  const sample = (files: string[]) => `${files.slice(0, 3).join("; ")}${files.length > 3 ? `; and ${files.length - 3} more` : ""}`;
  for (const { folders, forward, back } of pairs) {
    process.stdout.write(`  no-folder-cycles: ${folders[0]} and ${folders[1]} import each other\n`);
    process.stdout.write(`    ${sample(forward)}\n    ${sample(back)}\n`);
  }
  return pairs.length;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = cruise();
  const broken = reportViolations(result.summary.violations) + reportFolderCycles(result.modules);
  const counted = `${result.summary.totalCruised} modules, ${result.summary.totalDependenciesCruised} dependencies`;
  process.stdout.write(broken ? `dependency rules: ${broken} broken (${counted})\n` : `dependency rules: all hold (${counted})\n`);
  process.exit(broken ? 1 : 0);
}
