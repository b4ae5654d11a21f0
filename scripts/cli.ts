/**
 * Switchyard CLI for self-hosters and integration authors' CI pipelines:
 *   npm run cli -- setup --organization <name> --name <owner> --email <email> [--password-file <file>]
 *                                             first-run set-up of a fresh install without a browser;
 *                                             the password comes from the file or stdin, never an
 *                                             argument; prints the first API key (once) on stdout
 *   npm run cli -- validate <manifest.yaml>   check the manifest locally (exit 1 on errors)
 *   npm run cli -- push <manifest.yaml>       store it as the integration's draft version
 *   npm run cli -- publish <manifest.yaml>    push, then publish that version
 * setup talks to SWITCHYARD_URL (default http://localhost:3000); push and publish also need
 * SWITCHYARD_API_KEY (an `sy_live_…` key).
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
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
  /** Everything on standard input (the set-up password when no file is given). */
  readStdin: () => Promise<string>;
}

const USAGE = [
  "usage: npm run cli -- validate|push|publish <manifest.yaml|manifest.json>",
  "       npm run cli -- setup --organization <name> --name <owner name> --email <email> [--password-file <file>]  (password on stdin otherwise)",
].join("\n");

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
  // biome-ignore lint/suspicious/noExplicitAny: the API's answers are read field by field, of every shape.
  const json = (await response.json().catch(() => null)) as Record<string, any> | null;
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
  return {
    integrationId: integration.id as string,
    versionId: version.id as string,
    status: version.status as string,
    version: version.version as number,
    key: integration.key as string,
  };
}

/** The first line of a password file or of stdin; a trailing newline (from `echo` or an editor) is not part of it. */
function firstLine(text: string): string {
  return text.split(/\r?\n/)[0] ?? "";
}

async function setup(argv: string[], io: CliIo): Promise<number> {
  let values: { organization?: string; name?: string; email?: string; "password-file"?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { organization: { type: "string" }, name: { type: "string" }, email: { type: "string" }, "password-file": { type: "string" } },
      strict: true,
    }));
  } catch (error) {
    const message = (error as Error).message;
    // A password on the command line would land in the shell history and the process list.
    if (/--password\b/.test(message)) throw new CliFailure("setup takes no --password: give --password-file <file>, or send the password on stdin");
    throw new CliFailure(`setup: ${message}`);
  }
  const missing = (["organization", "name", "email"] as const).filter((option) => !values[option]);
  if (missing.length > 0) throw new CliFailure(`setup needs ${missing.map((m) => `--${m}`).join(", ")}`);
  const file = values["password-file"];
  const password = firstLine(
    file
      ? await io.readFile(file).catch(() => {
          throw new CliFailure(`cannot read the password file ${file}`);
        })
      : await io.readStdin(),
  );
  if (!password) throw new CliFailure(file ? `the password file ${file} is empty` : "no password on stdin: pipe it in, or give --password-file <file>");
  const base = (io.env.SWITCHYARD_URL ?? "http://localhost:3000").replace(/\/$/, "");
  let response: Response;
  try {
    response = await io.fetch(`${base}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ organizationName: values.organization, name: values.name, email: values.email, password }),
    });
  } catch (error) {
    throw new CliFailure(`cannot reach Switchyard at ${base} (${(error as Error).message}); start it with npm start, or set SWITCHYARD_URL`);
  }
  // biome-ignore lint/suspicious/noExplicitAny: the API's answers are read field by field, of every shape.
  const json = (await response.json().catch(() => null)) as Record<string, any> | null;
  if (response.status !== 201) throw new CliFailure(`setup failed (${response.status}): ${json?.error?.message ?? "no answer"}`);
  io.err(`Set up ${json!.organization.name} with owner ${json!.owner.email}. Sign in at ${base}.`);
  io.err("The organization's first API key follows; it is shown only this once:");
  io.out(json!.apiKey.key);
  return 0;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === "setup") {
    try {
      return await setup(argv.slice(1), io);
    } catch (error) {
      if (!(error instanceof CliFailure)) throw error;
      io.err(error.message);
      return 1;
    }
  }
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
      const answer = await callApi(
        io,
        "POST",
        `/api/v1/integrations/${pushed.integrationId}/versions/${pushed.versionId}/publish`,
        undefined,
        "application/json",
      );
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

/** A line typed at a terminal without showing it (the set-up password). */
function readHiddenLine(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding("utf8");
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = "";
    const finish = (outcome: () => void) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
      outcome();
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") return finish(() => resolve(value));
        if (char === "\u0003") return finish(() => reject(new CliFailure("set-up cancelled")));
        value = char === "\u007f" || char === "\b" ? value.slice(0, -1) : value + char;
      }
    };
    stdin.on("data", onData);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const io: CliIo = {
    env: { SWITCHYARD_URL: process.env.SWITCHYARD_URL, SWITCHYARD_API_KEY: process.env.SWITCHYARD_API_KEY },
    fetch,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    readFile: (file) => readFile(file, "utf8"),
    readStdin: async () => {
      if (process.stdin.isTTY) return readHiddenLine("Owner's password: ");
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
  };
  process.exitCode = await runCli(process.argv.slice(2), io);
}
