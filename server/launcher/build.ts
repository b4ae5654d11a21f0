/**
 * `npm start` builds only when the sources changed since the last build: a fingerprint of the
 * inputs (paths, sizes, mtimes) is stored beside the build.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const inputs = [
  "app",
  "server",
  "public",
  "embed-sdk/src",
  "prisma/schema.prisma",
  "next.config.ts",
  "postcss.config.mjs",
  "package-lock.json",
  "tsconfig.json",
];
const skip = new Set(["node_modules", ".next", "generated"]);
/** Files the build itself writes; counting them would make every start look changed. */
const outputs = new Set([path.join("public", "embed.js"), path.join("public", "embed-marketplace.js"), path.join("public", "embed-marketplace.css")]);
/** Tests and docs beside the code are not part of the build: changing them needs no rebuild. */
const notBuilt = (name: string) => name.endsWith(".test.ts") || name.endsWith(".md");

function walk(root: string, entry: string, hash: ReturnType<typeof createHash>): void {
  const full = path.join(root, entry);
  if (outputs.has(entry) || !existsSync(full)) return;
  const stat = statSync(full);
  if (stat.isDirectory()) {
    for (const child of readdirSync(full).sort()) if (!skip.has(child) && !notBuilt(child)) walk(root, path.join(entry, child), hash);
    return;
  }
  hash.update(`${entry}:${stat.size}:${stat.mtimeMs}\n`);
}

export function sourceFingerprint(root: string): string {
  const hash = createHash("sha256");
  for (const entry of inputs) walk(root, entry, hash);
  return hash.digest("hex");
}

const stampFile = (root: string) => path.join(root, ".next", "switchyard-build.json");

export function buildIsCurrent(root: string): boolean {
  if (!existsSync(path.join(root, ".next", "BUILD_ID")) || !existsSync(stampFile(root))) return false;
  return JSON.parse(readFileSync(stampFile(root), "utf8")).fingerprint === sourceFingerprint(root);
}

const running = new Set<ChildProcess>();

/** Stops a build in progress (Ctrl-C during the first start). */
export function stopBuild(): void {
  for (const child of running) child.kill("SIGTERM");
}

export function runNode(root: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: "inherit" });
    running.add(child);
    child.on("error", reject);
    child.on("exit", (code) => {
      running.delete(child);
      if (code === 0) resolve();
      else reject(new Error(`${args.join(" ")} exited with ${code}`));
    });
  });
}

export async function buildIfNeeded(root: string, env: NodeJS.ProcessEnv, say: (line: string) => void): Promise<void> {
  if (!existsSync(path.join(root, "server", "db", "generated", "client.ts"))) {
    say("Generating the database client…");
    await runNode(root, ["node_modules/prisma/build/index.js", "generate"], { ...env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false" });
  }
  if (buildIsCurrent(root)) return;
  say("Building the web app (first start or sources changed; this takes a minute or two)…");
  const fingerprint = sourceFingerprint(root);
  // Vendor connectors in server/connectors/custom/ are registered by a generated import list.
  await runNode(root, ["--import", "tsx", "server/connectors/generate-registry.ts"], env);
  // The embed SDK's script-tag bundle (public/embed.js) and the marketplace frame's script and stylesheet.
  await runNode(root, ["--import", "tsx", "embed-sdk/build.ts"], env);
  await runNode(root, ["node_modules/next/dist/bin/next", "build"], { ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" });
  writeFileSync(stampFile(root), JSON.stringify({ fingerprint, builtAt: new Date().toISOString() }));
}
