/**
 * The wizard's pages: a Connections page for the manifest's connections that no config page
 * asks for itself, then the manifest's own config pages. Pure, so it is easy to test.
 */
import type { ConfigField, ConfigPage } from "@/server/manifest/config.schema";
import type { Manifest } from "@/server/manifest/manifest.schema";

export interface ConnectionInfo {
  key: string;
  connector: string;
  label: string;
  required: boolean;
}

export function titleCase(key: string): string {
  return key.replace(/[-_]+/g, " ").replace(/\b\w/g, (c) => c.toUpperCase());
}

export function manifestConnections(manifest: Pick<Manifest, "connections">, connectorName: (key: string) => string | undefined): ConnectionInfo[] {
  return Object.entries(manifest.connections ?? {}).map(([key, connection]) => ({
    key,
    connector: connection.connector,
    label: connection.label ?? connectorName(connection.connector) ?? titleCase(connection.connector),
    required: connection.required ?? true,
  }));
}

export function wizardPages(manifest: Pick<Manifest, "connections" | "config">): ConfigPage[] {
  const pages = manifest.config?.pages ?? [];
  const asked = new Set(pages.flatMap((page) => page.fields).flatMap((field) => (field.type === "connection" ? [field.connection] : [])));
  const missing = Object.keys(manifest.connections ?? {}).filter((key) => !asked.has(key));
  if (missing.length === 0) return pages;
  const connectionPage: ConfigPage = {
    title: "Connections",
    description: "Connect the accounts this integration works with.",
    fields: missing.map((key): ConfigField => ({ key, type: "connection", connection: key, required: manifest.connections[key]?.required ?? true })),
  };
  return [connectionPage, ...pages];
}

/** Fields that exist in `next` but not in `previous`: what an upgrade has to ask for. */
export function newFieldKeys(previous: Pick<Manifest, "config">, next: Pick<Manifest, "config">): string[] {
  const known = new Set((previous.config?.pages ?? []).flatMap((page) => page.fields.map((field) => field.key)));
  return (next.config?.pages ?? []).flatMap((page) =>
    page.fields.filter((field) => field.type !== "connection" && !known.has(field.key)).map((field) => field.key),
  );
}

/** Keeps only the values the manifest has (non-connection) fields for. */
export function knownValues(manifest: Pick<Manifest, "config">, values: Record<string, unknown>): Record<string, unknown> {
  const keys = new Set((manifest.config?.pages ?? []).flatMap((page) => page.fields.filter((f) => f.type !== "connection").map((f) => f.key)));
  return Object.fromEntries(Object.entries(values).filter(([key]) => keys.has(key)));
}
