import type { CheckContext } from "@/server/manifest/check-context";
import type { ConnectorMembers } from "@/server/manifest/connector-catalogue";
import type { ManifestPath } from "@/server/manifest/manifest-error";
import { asString } from "@/server/manifest/raw";
import { closestName } from "@/server/manifest/suggest";

type MemberKind = "action" | "data source" | "poller";

const MEMBER_LISTS: Record<MemberKind, keyof ConnectorMembers> = { action: "actions", "data source": "dataSources", poller: "pollers" };
const PLURALS: Record<MemberKind, string> = { action: "actions", "data source": "data sources", poller: "pollers" };

/** `; did you mean "github"?` when one is close, otherwise what there is to choose from. */
function guessOrChoices(name: string, candidates: readonly string[], what: string): string {
  const guess = closestName(name, candidates);
  if (guess !== undefined) return `; did you mean "${guess}"?`;
  return candidates.length ? ` (${what}: ${candidates.join(", ")})` : ` (it has no ${what})`;
}

/** A connector key (`connections.x.connector`, `dataSource.connector`, a poll trigger's `connector`) must name a connector there is. */
export function checkConnectorKey(value: unknown, path: ManifestPath, ctx: CheckContext): void {
  const key = asString(value);
  const known = ctx.catalogue?.connectorKeys;
  if (key === undefined || known === undefined || known.includes(key)) return;
  ctx.findings.push({ path, message: `no connector named "${key}"${guessOrChoices(key, known, "connectors")}` });
}

/**
 * `member` must be one of the connector's actions, data sources or pollers. An unknown connector
 * is reported here only when nothing else names it (an `Action: zendsk.addComment` has no
 * connector key of its own to point at).
 */
export function checkConnectorMember(
  connector: string,
  member: string,
  kind: MemberKind,
  path: ManifestPath,
  ctx: CheckContext,
  reportUnknownConnector: boolean,
): void {
  const catalogue = ctx.catalogue;
  if (!catalogue) return;
  const members = catalogue.members(connector);
  if (!members) {
    if (reportUnknownConnector) checkConnectorKey(connector, path, ctx);
    return;
  }
  const names = members[MEMBER_LISTS[kind]];
  if (names.includes(member)) return;
  ctx.findings.push({ path, message: `connector "${connector}" has no ${kind} "${member}"${guessOrChoices(member, names, `its ${PLURALS[kind]}`)}` });
}
