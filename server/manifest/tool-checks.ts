/**
 * What the `tools` list and `tool` triggers need beyond their shape: actions and connections that
 * exist and fit, fixed parameters that read only settings the caller may see, input schemas that
 * compile, and one name per tool.
 */
import type { CheckContext } from "@/server/manifest/check-context";
import { checkConnectorKey, checkConnectorMember } from "@/server/manifest/connector-checks";
import { compileJsonSchema } from "@/server/manifest/json-schema";
import type { ManifestPath } from "@/server/manifest/manifest-error";
import { asArray, asRecord, asString, type RawRecord } from "@/server/manifest/raw";
import { didYouMean } from "@/server/manifest/suggest";
import { TOOL_NAME_PATTERN } from "@/server/manifest/tools.schema";

const CONFIG_PATH = /^\$\$\.Config\.([A-Za-z_][A-Za-z0-9_]*)$/;

/** The manifest connection a tool of `connector` runs with: the one named, or the only one of that connector. */
export function toolConnection(
  connector: string,
  named: string | undefined,
  connections: ReadonlyMap<string, string | undefined>,
): string | { problem: string } {
  if (named !== undefined) return named;
  const candidates = [...connections].filter(([, c]) => c === connector).map(([key]) => key);
  if (candidates.length === 1) return candidates[0];
  if (candidates.length === 0) return { problem: `the manifest has no ${connector} connection to run it with; add one under \`connections\`` };
  return { problem: `the manifest has ${candidates.length} ${connector} connections (${candidates.join(", ")}); say which with \`connection\`` };
}

function checkToolConnection(tool: RawRecord, connector: string, path: ManifestPath, ctx: CheckContext): void {
  const named = asString(tool.connection);
  const chosen = toolConnection(connector, named, ctx.connections);
  if (typeof chosen !== "string") {
    ctx.findings.push({ path: [...path, "action"], message: chosen.problem });
    return;
  }
  if (!ctx.connections.has(chosen)) {
    ctx.findings.push({
      path: [...path, "connection"],
      message: `no connection named "${chosen}" in \`connections\`${didYouMean(chosen, ctx.connections.keys())}`,
    });
    return;
  }
  const declared = ctx.connections.get(chosen);
  if (declared !== undefined && declared !== connector && connector !== "http") {
    ctx.findings.push({
      path: [...path, "connection"],
      message: `connection "${chosen}" is a ${declared} connection, but ${asString(tool.action)} belongs to connector "${connector}"`,
    });
  }
}

/** Fixed parameters are given literally or read a setting; a secret setting would reach the execution's visible input. */
function checkFixedParameters(parameters: unknown, path: ManifestPath, ctx: CheckContext): void {
  const visit = (node: unknown, at: ManifestPath) => {
    if (Array.isArray(node)) return node.forEach((item, i) => visit(item, [...at, i]));
    const record = asRecord(node);
    if (!record) return;
    for (const [key, value] of Object.entries(record)) {
      if (!key.endsWith(".$")) {
        visit(value, [...at, key]);
        continue;
      }
      const match = typeof value === "string" ? CONFIG_PATH.exec(value) : null;
      if (!match) {
        ctx.findings.push({ path: [...at, key], message: "a fixed parameter can read only a setting, as $$.Config.<field>; give other values literally" });
        continue;
      }
      const field = match[1];
      if (!ctx.configFields.has(field))
        ctx.findings.push({ path: [...at, key], message: `no config field with key "${field}"${didYouMean(field, ctx.configFields.keys())}` });
      else if (ctx.configFields.get(field) === "secret") {
        ctx.findings.push({
          path: [...at, key],
          message: `"${field}" is a secret setting; a tool's parameters are shown in its execution log, so they cannot read secrets`,
        });
      }
    }
  };
  visit(parameters, path);
}

function defaultActionToolName(action: string): string {
  return action.replace(".", "_");
}

/** Checks `tools` and the `tool` triggers of `flows` together: their names share one namespace. */
export function checkTools(tools: unknown, flows: unknown[], ctx: CheckContext): void {
  const names = new Map<string, string>();
  const claim = (name: string | undefined, path: ManifestPath, what: string) => {
    if (name === undefined) return;
    if (!TOOL_NAME_PATTERN.test(name)) {
      ctx.findings.push({ path, message: `the tool name "${name}" is not 1–64 letters, digits, _ or -; give it a \`name\`` });
      return;
    }
    const first = names.get(name);
    if (first) ctx.findings.push({ path, message: `two tools are named "${name}" (also ${first}); give one a different \`name\`` });
    else names.set(name, what);
  };

  asArray(tools).forEach((value, index) => {
    const tool = asRecord(value);
    const action = asString(tool?.action);
    if (!tool || action === undefined) return;
    const path: ManifestPath = ["tools", index];
    const dot = action.indexOf(".");
    if (dot === -1) return;
    const connector = action.slice(0, dot);
    const member = action.slice(dot + 1);
    if (member === "*") checkConnectorKey(connector, [...path, "action"], ctx);
    else checkConnectorMember(connector, member, "action", [...path, "action"], ctx, true);
    checkToolConnection(tool, connector, path, ctx);
    checkFixedParameters(tool.parameters, [...path, "parameters"], ctx);
    if (member !== "*") claim(asString(tool.name) ?? defaultActionToolName(action), [...path, tool.name === undefined ? "action" : "name"], `tools[${index}]`);
  });

  flows.forEach((value, index) => {
    const flow = asRecord(value);
    const trigger = asRecord(flow?.trigger);
    if (!flow || trigger?.type !== "tool") return;
    const path: ManifestPath = ["flows", index, "trigger"];
    claim(asString(trigger.name) ?? asString(flow.key), [...path, trigger.name === undefined ? "type" : "name"], `flows[${index}]`);
    const schema = asRecord(trigger.inputSchema);
    if (!schema) return;
    const compiled = compileJsonSchema(schema);
    if (!compiled.ok) ctx.findings.push({ path: [...path, "inputSchema"], message: compiled.problem });
    else if (schema.type !== "object")
      ctx.findings.push({ path: [...path, "inputSchema"], message: "a tool's input is an object: give `type: object` and its `properties`" });
  });
}
