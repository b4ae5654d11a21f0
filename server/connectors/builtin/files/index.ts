import { buildCsvAction } from "@/server/connectors/builtin/files/actions/build-csv";
import { buildJsonLinesAction } from "@/server/connectors/builtin/files/actions/build-json-lines";
import { createFileAction } from "@/server/connectors/builtin/files/actions/create-file";
import { parseCsvAction } from "@/server/connectors/builtin/files/actions/parse-csv";
import { parseJsonAction } from "@/server/connectors/builtin/files/actions/parse-json";
import { parseXmlAction } from "@/server/connectors/builtin/files/actions/parse-xml";
import { readFieldsAction } from "@/server/connectors/builtin/files/actions/read-fields";
import { readTextAction } from "@/server/connectors/builtin/files/actions/read-text";
import { defineConnector } from "@/server/connectors/framework/define-connector";

/**
 * File steps: build CSV and JSON Lines from arrays, parse CSV, JSON and XML into items. Files are
 * `{ $blob }` references to the execution's stored files (ctx.blobs), so a flow moves a reference
 * between states, not the file's bytes. Needs no connection.
 */
export const filesConnector = defineConnector({
  key: "files",
  name: "Files",
  description: "Build and parse CSV, JSON Lines, JSON and XML files; read fields from a JSON file.",
  auth: { kind: "none" },
  actions: {
    buildCsv: buildCsvAction,
    buildJsonLines: buildJsonLinesAction,
    parseCsv: parseCsvAction,
    parseJson: parseJsonAction,
    parseXml: parseXmlAction,
    createFile: createFileAction,
    readText: readTextAction,
    readFields: readFieldsAction,
  },
});
