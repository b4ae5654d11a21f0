import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import acme from "@/server/connectors/custom/acme";
import { httpConnector } from "@/server/connectors/builtin/http";
import { GENERATED_FILE, listCustomConnectorFolders, renderCustomConnectorsModule } from "@/server/connectors/generate-registry";
import { connectorCatalogue, connectorRegistry, createConnectorRegistry } from "@/server/connectors/registry";
import { loadManifest } from "@/server/manifest/load-manifest";

describe("the connector registry", () => {
  it("holds the built-ins and the vendor's connectors from server/connectors/custom/", () => {
    expect(connectorRegistry.get("http")).toBe(httpConnector);
    expect(connectorRegistry.get("acme")).toBe(acme);
    expect(listCustomConnectorFolders()).toContain("acme");
  });

  it("is generated from the folders on disk (run `npm run connectors:generate` when this fails)", () => {
    expect(readFileSync(GENERATED_FILE, "utf8")).toBe(renderCustomConnectorsModule(listCustomConnectorFolders()));
  });

  it("renders one static import per folder, which bundlers can follow", () => {
    expect(renderCustomConnectorsModule(["acme", "big-crm"])).toContain(
      'import acmeConnector from "@/server/connectors/custom/acme";\nimport bigCrmConnector from "@/server/connectors/custom/big-crm";',
    );
  });

  it("refuses duplicate keys and a folder named differently from its connector", () => {
    expect(() => createConnectorRegistry([{ connector: acme }, { connector: acme }])).toThrow('two connectors declare the key "acme"');
    expect(() => createConnectorRegistry([{ folder: "acme-v2", connector: acme }])).toThrow(
      'the connector in server/connectors/custom/acme-v2/ declares key "acme": rename the folder or the key so they match',
    );
  });

  it("answers the manifest checks' catalogue questions", () => {
    const catalogue = connectorCatalogue(connectorRegistry);
    expect(catalogue.connectorKeys).toEqual(expect.arrayContaining(["acme", "github", "http", "zendesk"]));
    expect(catalogue.members("acme")).toEqual({ actions: ["createWidget", "getWidget"], dataSources: ["listProjects"], pollers: [] });
    expect(catalogue.members("salesforce")).toBeUndefined();
  });

  it("lets the loader point out a misspelt connector action", () => {
    const text = [
      "key: acme-sync",
      "name: Acme sync",
      "connections: { acme: { connector: acme } }",
      "flows:",
      "  - key: sync",
      "    trigger: { type: manual }",
      "    StartAt: Create",
      "    States:",
      "      Create: { Type: Action, Action: acme.createWidgte, Connection: acme, End: true }",
    ].join("\n");
    const result = loadManifest(text, { catalogue: connectorCatalogue(connectorRegistry) });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).toContain('connector \\"acme\\" has no action \\"createWidgte\\"; did you mean \\"createWidget\\"?');
  });
});
