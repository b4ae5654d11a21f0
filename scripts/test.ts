/**
 * `npm test`: the guards (lint and formatting, dependency rules, unused code), type check, unit
 * tests, integration tests on a real (embedded) Postgres, and Playwright e2e in Chromium against
 * the production build. Ends with one line totalling every suite: `N passed, N failed, N skipped`.
 * Pass suite names (lint, typecheck, unit, integration, e2e) to run only some.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

interface Tally {
  suite: string;
  passed: number;
  failed: number;
  skipped: number;
}

const root = path.resolve(import.meta.dirname, "..");
const reports = path.join(root, "test-results", "reports");

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on("error", () => resolve(1));
  });
}

const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

/**
 * One check per tool, each counted as one test like the type check: Biome (lint rules and
 * formatting, biome.jsonc), the dependency rules between folders (.dependency-cruiser.cjs) and
 * unused files, exports and dependencies (knip.jsonc). The commands are the package.json scripts a
 * developer runs by hand.
 */
async function lint(): Promise<Tally> {
  const checks = ["lint", "lint:deps", "lint:unused"];
  let passed = 0;
  for (const script of checks) {
    if ((await run("npm", ["run", "--silent", script])) === 0) passed += 1;
    else process.stdout.write(`[test] lint: npm run ${script} failed\n`);
  }
  return { suite: "lint", passed, failed: checks.length - passed, skipped: 0 };
}

async function typecheck(): Promise<Tally> {
  const code = await run(bin("tsc"), ["--noEmit", "-p", "."]);
  return { suite: "typecheck", passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 };
}

async function vitest(project: "unit" | "integration"): Promise<Tally> {
  const file = path.join(reports, `${project}.json`);
  const code = await run(bin("vitest"), ["run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${file}`]);
  const report = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; success: boolean }>(file);
  if (!report) return { suite: project, passed: 0, failed: 1, skipped: 0 };
  // A suite that exits non-zero with no failing test (e.g. a file that failed to load) still fails.
  const failed = report.numFailedTests + (code !== 0 && report.numFailedTests === 0 ? 1 : 0);
  return { suite: project, passed: report.numPassedTests, failed, skipped: report.numPendingTests + report.numTodoTests };
}

async function e2e(): Promise<Tally> {
  const file = path.join(reports, "e2e.json");
  const code = await run(bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_FILE: file });
  const report = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(file);
  if (!report) return { suite: "e2e", passed: 0, failed: 1, skipped: 0 };
  const { expected, unexpected, flaky, skipped } = report.stats;
  return { suite: "e2e", passed: expected + flaky, failed: unexpected + (code !== 0 && unexpected === 0 ? 1 : 0), skipped };
}

const suites: Record<string, () => Promise<Tally>> = {
  lint,
  typecheck,
  unit: () => vitest("unit"),
  integration: () => vitest("integration"),
  e2e,
};

async function main() {
  const wanted = process.argv.slice(2).filter((a) => a in suites);
  const selected = wanted.length ? wanted : Object.keys(suites);
  rmSync(reports, { recursive: true, force: true });
  mkdirSync(reports, { recursive: true });
  if (!existsSync(path.join(root, "server", "db", "generated", "client.ts"))) {
    await run("npm", ["run", "prisma:generate"]);
  }
  const tallies: Tally[] = [];
  for (const name of selected) {
    const started = Date.now();
    const tally = await suites[name]();
    tallies.push(tally);
    process.stdout.write(
      `\n[test] ${name}: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped (${Math.round((Date.now() - started) / 1000)} s)\n\n`,
    );
  }
  const total = tallies.reduce((sum, t) => ({ passed: sum.passed + t.passed, failed: sum.failed + t.failed, skipped: sum.skipped + t.skipped }), {
    passed: 0,
    failed: 0,
    skipped: 0,
  });
  for (const t of tallies) process.stdout.write(`  ${t.suite.padEnd(12)} ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped\n`);
  process.stdout.write(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
  process.exit(total.failed > 0 ? 1 : 0);
}

void main();
