import type { ConnectorCatalogue } from "@/server/manifest/connector-catalogue";
import type { Finding } from "@/server/manifest/manifest-error";

/** What the static checks know about the manifest while they walk it. */
export interface CheckContext {
  findings: Finding[];
  /** Config field key → field type (undefined when the field's type is malformed). */
  configFields: Map<string, string | undefined>;
  /** Connection key → connector key. */
  connections: Map<string, string | undefined>;
  /** Keys of the manifest's HTTP `actions`. */
  httpActions: Set<string>;
  flowKeys: Set<string>;
  /** Injected knowledge of the connectors referred to; without it, connector references are not judged. */
  catalogue?: ConnectorCatalogue;
}
