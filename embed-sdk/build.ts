/**
 * Builds the SDK: ESM for bundlers (`dist/index.js`, `dist/react.js` with React left external,
 * `dist/agent.js` for handing a customer's tools to an AI agent),
 * declarations, and the script-tag bundle the Switchyard server serves as `/embed.js`. Also the
 * other end of the embed: the marketplace frame's own script and stylesheet
 * (app/embed/v1/marketplace/), which the server inlines into that page.
 * Run from anywhere: `node --import tsx embed-sdk/build.ts`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import tailwind from "@tailwindcss/postcss";
import { build, type BuildOptions } from "esbuild";
import postcss from "postcss";

const sdkDir = dirname(fileURLToPath(import.meta.url));
const repoDir = join(sdkDir, "..");
const distDir = join(sdkDir, "dist");
const scriptTagFile = join(repoDir, "public", "embed.js");
const marketplaceDir = join(repoDir, "app", "embed", "v1", "marketplace");
const marketplaceScriptFile = join(repoDir, "public", "embed-marketplace.js");
const marketplaceStyleFile = join(repoDir, "public", "embed-marketplace.css");
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
  // Runs inside the frame, inlined after the page's markup; `@/` paths resolve through tsconfig.json.
  build({
    ...common,
    entryPoints: [join(marketplaceDir, "marketplace-frame.ts")],
    format: "iife",
    minify: true,
    tsconfig: join(repoDir, "tsconfig.json"),
    outfile: marketplaceScriptFile,
  }),
  buildMarketplaceStyle(),
]);

async function buildMarketplaceStyle(): Promise<void> {
  const entry = join(marketplaceDir, "marketplace.css");
  const result = await postcss([tailwind({ base: marketplaceDir, optimize: { minify: true } })]).process(readFileSync(entry, "utf8"), { from: entry });
  writeFileSync(marketplaceStyleFile, result.css);
}

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", join(sdkDir, "tsconfig.json")], { stdio: "inherit" });

for (const file of [
  join(distDir, "index.js"),
  join(distDir, "react.js"),
  join(distDir, "agent.js"),
  scriptTagFile,
  marketplaceScriptFile,
  marketplaceStyleFile,
]) {
  const raw = statSync(file).size;
  const gzip = gzipSync(readFileSync(file), { level: 9 }).length;
  console.log(`${relative(repoDir, file).padEnd(28)} ${(raw / 1024).toFixed(1).padStart(6)} KB  ${(gzip / 1024).toFixed(1).padStart(5)} KB gzip`);
}
