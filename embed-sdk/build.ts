/**
 * Builds the SDK: ESM for bundlers (`dist/index.js`, `dist/react.js` with React left external,
 * `dist/agent.js` for handing a customer's tools to an AI agent),
 * declarations, and the script-tag bundle the Switchyard server serves as `/embed.js`.
 * Run from anywhere: `node --import tsx embed-sdk/build.ts`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type BuildOptions } from "esbuild";

const sdkDir = dirname(fileURLToPath(import.meta.url));
const repoDir = join(sdkDir, "..");
const distDir = join(sdkDir, "dist");
const scriptTagFile = join(repoDir, "public", "embed.js");
const { version } = JSON.parse(readFileSync(join(sdkDir, "package.json"), "utf8")) as { version: string };

// The oldest browsers vendors' customers still bring; optional chaining and ?? pass through as is.
const common: BuildOptions = { bundle: true, target: "es2020", platform: "browser", logLevel: "warning", legalComments: "none" };

rmSync(distDir, { recursive: true, force: true });
mkdirSync(dirname(scriptTagFile), { recursive: true });

await Promise.all([
  build({ ...common, entryPoints: [join(sdkDir, "src/index.ts")], format: "esm", outfile: join(distDir, "index.js") }),
  // For the vendor's backend or agent runtime: no DOM needed.
  build({ ...common, platform: "neutral", entryPoints: [join(sdkDir, "src/agent.ts")], format: "esm", outfile: join(distDir, "agent.js") }),
  build({
    ...common,
    entryPoints: [join(sdkDir, "src/react.tsx")],
    format: "esm",
    outfile: join(distDir, "react.js"),
    jsx: "automatic",
    // React comes from the vendor's app; the core is imported from index.js rather than copied,
    // so an app using both entry points ships the SDK once.
    external: ["react", "react/*", "./index.js"],
  }),
  build({
    ...common,
    entryPoints: [join(sdkDir, "src/index.ts")],
    format: "iife",
    globalName: "Switchyard",
    minify: true,
    banner: { js: `/*! @switchyard/embed ${version} | Apache-2.0 */` },
    outfile: scriptTagFile,
  }),
]);

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", join(sdkDir, "tsconfig.json")], { stdio: "inherit" });

for (const file of [join(distDir, "index.js"), join(distDir, "react.js"), join(distDir, "agent.js"), scriptTagFile]) {
  const raw = statSync(file).size;
  const gzip = gzipSync(readFileSync(file), { level: 9 }).length;
  console.log(`${relative(repoDir, file).padEnd(24)} ${(raw / 1024).toFixed(1).padStart(6)} KB  ${(gzip / 1024).toFixed(1).padStart(5)} KB gzip`);
}
