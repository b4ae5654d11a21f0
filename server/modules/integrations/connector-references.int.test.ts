/**
 * A manifest naming an action, connector, data source or connection that does not exist is refused
 * everywhere a manifest enters: the console's check and Save draft, the REST push, publish (for a
 * draft saved before the check existed), and the CLI. Nothing is stored, and the answer says what
 * was probably meant.
 */
import { describe, expect, it } from "vitest";
import { integrationOperations } from "@/server/api/operations/integrations";
import { apiKeyFor, callRoute } from "@/server/api/testing/call-route";
import { db } from "@/server/db/client";
import { runCli } from "@/scripts/cli";
import { callerAs, createOrganizationWithMember } from "@/server/testing/factories";
import { uniqueKey } from "@/server/testing/hooks";
import { saveDraftVersion } from "./integrations.repo";

const { push: pushRoute, publish: publishRoute } = integrationOperations;

const withTypo = (key: string) => `key: ${key}
name: GitHub comments to Zendesk
connections:
  github: { connector: github }
  zendesk: { connector: zendesk }
config:
  pages:
    - title: Repository
      fields:
        - { key: repo, type: select, dataSource: { connector: github, source: listRepo, connection: github } }
flows:
  - key: comments
    trigger: { type: manual }
    StartAt: Comment
    States:
      Comment:
        Type: Action
        Action: zendesk.addComent
        Connection: zendsk
        Parameters: { ticketId: 1, body: hello }
        End: true
`;

const EXPECTED = [
  { path: "config.pages[0].fields[0].dataSource.source", line: 10, message: 'connector "github" has no data source "listRepo"; did you mean "listRepos"?' },
  { path: "flows[0].States.Comment.Action", line: 18, message: 'connector "zendesk" has no action "addComent"; did you mean "addComment"?' },
  { path: "flows[0].States.Comment.Connection", line: 19, message: 'no connection named "zendsk" in `connections`; did you mean "zendesk"?' },
];

describe("connector references in manifests", () => {
  it("the console's check and Save draft refuse them at their lines, storing nothing", async () => {
    const { organization, user } = await createOrganizationWithMember();
    const console = callerAs({ userId: user.id });
    const key = uniqueKey("typo");
    const checked = await console.integrations.validate({ source: withTypo(key) });
    expect(checked.ok).toBe(false);
    expect(checked.errors).toEqual(EXPECTED.map((error) => expect.objectContaining(error)));
    const saved = await console.integrations.push({ source: withTypo(key) });
    expect(saved).toMatchObject({ ok: false, errors: EXPECTED.map((error) => expect.objectContaining(error)) });
    expect(await db().integration.count({ where: { organizationId: organization.id } })).toBe(0);

    const unknownConnector = withTypo(key).replace("zendesk: { connector: zendesk }", "zendesk: { connector: zendeks }");
    const again = await console.integrations.validate({ source: unknownConnector });
    expect(again.errors).toContainEqual(
      expect.objectContaining({ path: "connections.zendesk.connector", message: 'no connector named "zendeks"; did you mean "zendesk"?' }),
    );
  });

  it("the REST push answers 422 with every problem, and publish refuses a draft saved before the check", async () => {
    const { organization } = await createOrganizationWithMember();
    const apiKey = await apiKeyFor(organization.id);
    const key = uniqueKey("typo");
    const pushed = await callRoute(pushRoute, "/api/v1/integrations", { key: apiKey, rawBody: withTypo(key), headers: { "content-type": "application/yaml" } });
    expect(pushed.status).toBe(422);
    expect(pushed.json.error.errors).toEqual(EXPECTED.map((error) => expect.objectContaining(error)));

    // A draft stored by an earlier release, which did not know this check.
    const source = withTypo(key);
    const old = await saveDraftVersion({
      organizationId: organization.id,
      key,
      name: "Old draft",
      description: "",
      category: null,
      icon: null,
      source,
      manifest: {},
      checksum: "old-draft",
      releaseNotes: null,
    });
    const published = await callRoute(publishRoute, "/x", { key: apiKey, params: { id: old.integration.id, versionId: old.version.id }, body: {} });
    expect(published.status).toBe(422);
    expect(published.json.error.errors).toContainEqual(expect.objectContaining(EXPECTED[1]));
    expect((await db().integrationVersion.findUniqueOrThrow({ where: { id: old.version.id } })).status).toBe("draft");
  });

  it("the CLI refuses them before pushing", async () => {
    const err: string[] = [];
    const io = {
      env: {},
      fetch: (() => Promise.reject(new Error("no call expected"))) as typeof fetch,
      out: () => {},
      err: (line: string) => err.push(line),
      readFile: async () => withTypo("cli-typo"),
      readStdin: async () => "",
    };
    expect(await runCli(["push", "m.yaml"], io)).toBe(1);
    expect(err).toContain(`m.yaml:18:17: flows[0].States.Comment.Action: ${EXPECTED[1].message}`);
  });
});
