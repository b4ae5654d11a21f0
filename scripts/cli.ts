/**
 * Switchyard CLI for integration authors' CI pipelines:
 *   npm run cli -- validate <manifest.yaml>   check the manifest locally (exit 1 on errors)
 *   npm run cli -- push <manifest.yaml>       store it as the integration's draft version
 *   npm run cli -- publish <manifest.yaml>    push, then publish that version
 * push and publish talk to SWITCHYARD_URL with SWITCHYARD_API_KEY (an `sy_live_…` key).
 */
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { loadDeploymentManifest } from "@/server/modules/integrations/manifest-catalogue";
import type { ManifestError } from "@/server/manifest/manifest-error";
import { countOf } from "@/server/text/plural";

export interface CliIo {
  env: { SWITCHYARD_URL?: string; SWITCHYARD_API_KEY?: string };
  fetch: typeof fetch;
  out: (line: string) => void;
  err: (line: string) => void;
  readFile: (file: string) => Promise<string>;
}

const USAGE = "usage: npm run cli -- validate|push|publish <manifest.yaml|manifest.json>";

export function formatCliError(file: string, error: ManifestError): string {
  return `${file}:${error.line ?? 1}:${error.column ?? 1}: ${error.path || "(manifest)"}: ${error.message}`;
}

const formatOf = (file: string) => (file.toLowerCase().endsWith(".json") ? ("json" as const) : undefined);

async function callApi(io: CliIo, method: string, path: string, body: string | undefined, contentType: string) {
  const base = io.env.SWITCHYARD_URL?.replace(/\/$/, "");
  if (!base || !io.env.SWITCHYARD_API_KEY) throw new CliFailure("set SWITCHYARD_URL (e.g. https://switchyard.example.com) and SWITCHYARD_API_KEY (sy_live_…)");
  const response = await io.fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${io.env.SWITCHYARD_API_KEY}`, "content-type": contentType },
    body,
  });
  const json = (await response.json().catch(() => null)) as Record<string, any> | null; // eslint-disable-line @typescript-eslint/no-explicit-any
  return { status: response.status, json };
}

class CliFailure extends Error {}

async function push(io: CliIo, file: string, source: string) {
  const answer = await callApi(io, "POST", "/api/v1/integrations", source, formatOf(file) ? "application/json" : "application/yaml");
  if (answer.status === 422 && Array.isArray(answer.json?.error?.errors)) {
    for (const error of answer.json.error.errors as ManifestError[]) io.err(formatCliError(file, error));
    throw new CliFailure(`${file}: the server refused the manifest`);
  }
  if (answer.status >= 300) throw new CliFailure(`push failed (${answer.status}): ${answer.json?.error?.message ?? "no answer"}`);
  const { integration, version, created } = answer.json!;
  io.out(`pushed ${integration.key} version ${version.version} (${version.status}${created ? ", new" : ""})`);
  return { integrationId: integration.id as string, versionId: version.id as string, status: version.status as string, version: version.version as number, key: integration.key as string };
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, file] = argv;
  if (!command || !file || !["validate", "push", "publish"].includes(command)) {
    io.err(USAGE);
    return 2;
  }
  try {
    const source = await io.readFile(file).catch(() => {
      throw new CliFailure(`cannot read ${file}`);
    });
    // Judged as the server judges it: connectors, actions, data sources and pollers must exist.
    const loaded = loadDeploymentManifest(source, { format: formatOf(file) });
    if (!loaded.ok) {
      for (const error of loaded.errors) io.err(formatCliError(file, error));
      io.err(`${file}: ${countOf(loaded.errors.length, "problem")}`);
      return 1;
    }
    if (command === "validate") {
      io.out(`${file}: ok (${loaded.manifest.key}, ${countOf(loaded.manifest.flows.length, "flow")})`);
      return 0;
    }
    const pushed = await push(io, file, source);
    if (command === "publish" && pushed.status !== "published") {
      const answer = await callApi(io, "POST", `/api/v1/integrations/${pushed.integrationId}/versions/${pushed.versionId}/publish`, undefined, "application/json");
      if (answer.status >= 300) throw new CliFailure(`publish failed (${answer.status}): ${answer.json?.error?.message ?? "no answer"}`);
      io.out(`published ${pushed.key} version ${pushed.version}`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof CliFailure)) throw error;
    io.err(error.message);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const io: CliIo = {
    env: { SWITCHYARD_URL: process.env.SWITCHYARD_URL, SWITCHYARD_API_KEY: process.env.SWITCHYARD_API_KEY },
    fetch,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    readFile: (file) => readFile(file, "utf8"),
  };
  process.exitCode = await runCli(process.argv.slice(2), io);
}
