import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";

import { filesConnector } from "@/server/connectors/builtin/files";
import { createActionContext } from "@/server/connectors/framework/context";
import { runConnectorAction } from "@/server/connectors/framework/run-member";
import { memoryState, silentLogger } from "@/server/connectors/testing/local-server";
import { memoryBlobs } from "@/server/connectors/testing/memory-blobs";

function setup() {
  const blobs = memoryBlobs(64 * 1024);
  const ctx = createActionContext(
    filesConnector,
    null,
    { network: { allow: [] }, onRecord: () => undefined, state: memoryState(), blobs, log: silentLogger, signal: new AbortController().signal },
    "exec:Files:0",
  );
  const run = (action: string, input: unknown) => runConnectorAction(filesConnector, action, ctx, input) as Promise<any>;
  const text = async (ref: string | { $blob: string; name: string; contentType: string; size: number }) => (await blobs.read(ref)).bytes.toString("utf8");
  return { run, text, blobs };
}

describe("files.buildCsv", () => {
  it("writes a header and quotes only the cells that need it", async () => {
    const { run, text } = setup();
    const result = await run("buildCsv", {
      items: [
        { id: 1, subject: "Printer, on fire", requester: { email: "ana@example.com" } },
        { id: 2, subject: 'Says "hello"\nand more', requester: null },
      ],
      columns: ["id", { key: "subject", header: "Subject" }, { key: "requester.email", header: "Requester" }],
      name: "tickets.csv",
    });
    expect(result.rows).toBe(2);
    expect(result.file).toMatchObject({ name: "tickets.csv", contentType: "text/csv" });
    expect(await text(result.file)).toBe('id,Subject,Requester\n1,"Printer, on fire",ana@example.com\n2,"Says ""hello""\nand more",\n');
  });

  it("takes every key in first-seen order by default, with a chosen delimiter, full quoting and CRLF", async () => {
    const { run, text } = setup();
    const result = await run("buildCsv", { items: [{ a: 1 }, { b: true, a: 2 }], delimiter: ";", quoting: "all", lineEnding: "crlf" });
    expect(await text(result.file)).toBe('"a";"b"\r\n"1";""\r\n"2";"true"\r\n');
  });

  it("writes rows given as arrays, with or without a header", async () => {
    const { run, text } = setup();
    const withHeader = await run("buildCsv", {
      items: [
        ["x", 1],
        ["y", 2],
      ],
      columns: ["name", "n"],
    });
    expect(await text(withHeader.file)).toBe("name,n\nx,1\ny,2\n");
    const without = await run("buildCsv", { items: [["x", 1]], header: false });
    expect(await text(without.file)).toBe("x,1\n");
  });

  it("round-trips through parseCsv", async () => {
    const { run } = setup();
    const items = [
      { id: "1", note: 'a "quoted", multi\nline note' },
      { id: "2", note: "" },
    ];
    const built = await run("buildCsv", { items });
    expect((await run("parseCsv", { file: built.file })).items).toEqual(items);
  });

  it("refuses a file larger than the store allows, naming the file", async () => {
    const { run } = setup();
    const items = Array.from({ length: 2000 }, (_, id) => ({ id, text: "x".repeat(40) }));
    await expect(run("buildCsv", { items, name: "big.csv" })).rejects.toThrow(/big\.csv/);
  });
});

describe("files.buildJsonLines", () => {
  it("writes one JSON value per line", async () => {
    const { run, text } = setup();
    const result = await run("buildJsonLines", { items: [{ a: 1 }, "two", null] });
    expect(result).toMatchObject({ rows: 3, file: { name: "export.jsonl", contentType: "application/x-ndjson" } });
    expect(await text(result.file)).toBe('{"a":1}\n"two"\nnull\n');
    expect((await run("parseJson", { file: result.file })).items).toEqual([{ a: 1 }, "two", null]);
  });
});

describe("files.parseCsv", () => {
  it("parses a header row into objects, skipping a byte order mark and empty lines", async () => {
    const { run } = setup();
    const result = await run("parseCsv", { text: "\uFEFFsku,qty\nA-1,3\n\nB-2,5\n" });
    expect(result).toEqual({
      items: [
        { sku: "A-1", qty: "3" },
        { sku: "B-2", qty: "5" },
      ],
      count: 2,
      total: 2,
      nextOffset: null,
    });
  });

  it("reads a stored file with another delimiter and named columns", async () => {
    const { run, blobs } = setup();
    const file = await blobs.put({ name: "stock.csv", bytes: Buffer.from("A-1;3\nB-2;5\n") });
    const result = await run("parseCsv", { file, delimiter: ";", columns: ["sku", "qty"] });
    expect(result.items).toEqual([
      { sku: "A-1", qty: "3" },
      { sku: "B-2", qty: "5" },
    ]);
  });

  it("reads a large file a page at a time, so each page fits in a state", async () => {
    const { run, blobs } = setup();
    const file = await blobs.put({ name: "big.csv", bytes: Buffer.from(`n\n${Array.from({ length: 25 }, (_, i) => i).join("\n")}\n`) });
    const first = await run("parseCsv", { file, limit: 10 });
    expect(first).toMatchObject({ count: 10, total: 25, nextOffset: 10 });
    expect(first.items[0]).toEqual({ n: "0" });
    const last = await run("parseCsv", { file, offset: 20, limit: 10 });
    expect(last).toMatchObject({ count: 5, total: 25, nextOffset: null, items: [{ n: "20" }, { n: "21" }, { n: "22" }, { n: "23" }, { n: "24" }] });
  });

  it("names the file and the line of a malformed row", async () => {
    const { run, blobs } = setup();
    const file = await blobs.put({ name: "orders-2.csv", bytes: Buffer.from("sku,qty\nA-1,3\nB-2,5,extra\n") });
    const failure = run("parseCsv", { file });
    await expect(failure).rejects.toThrow("orders-2.csv: line 3: Invalid Record Length: columns length is 2, got 3 (record 2)");
    await expect(failure).rejects.toMatchObject({ errorName: "Switchyard.ParseError" });
  });

  it("names the line where an unclosed quote starts to matter", async () => {
    const { run } = setup();
    await expect(run("parseCsv", { text: 'a,b\n1,"open\n2,3\n' })).rejects.toThrow(/^text: line 3: Quote Not Closed/);
  });

  it("needs exactly one of file or text", async () => {
    const { run } = setup();
    await expect(run("parseCsv", {})).rejects.toThrow("invalid input for files.parseCsv: file: give exactly one of `file` (a file reference) or `text`");
  });

  it("says a reference it cannot read was not found", async () => {
    const { run } = setup();
    await expect(run("parseCsv", { file: { $blob: "nope", name: "x.csv", contentType: "text/csv", size: 1 } })).rejects.toThrow("file not found");
  });
});

describe("files.parseJson", () => {
  it("picks the items with a JSONPath", async () => {
    const { run } = setup();
    const result = await run("parseJson", { text: '{"data":{"orders":[{"id":1},{"id":2}]}}', itemsPath: "$.data.orders" });
    expect(result).toEqual({ items: [{ id: 1 }, { id: 2 }], count: 2, total: 2, nextOffset: null });
  });

  it("wraps a single document and reports the line and column of invalid JSON", async () => {
    const { run } = setup();
    expect((await run("parseJson", { text: '{"a":1}' })).items).toEqual([{ a: 1 }]);
    await expect(run("parseJson", { text: '{\n  "a": 1,\n  "b": oops\n}' })).rejects.toThrow(/^text: line 3, column 8: invalid JSON/);
    await expect(run("parseJson", { text: '{"a":1}\n{"b":\n', format: "jsonl" })).rejects.toThrow(
      /^text: line 2, column 6: invalid JSON: the text ends too early/,
    );
  });
});

describe("files.parseXml", () => {
  const xml =
    '<?xml version="1.0"?>\n<orders>\n  <order id="7"><sku>A-1</sku><qty>3</qty></order>\n  <order id="8"><sku>0042</sku><qty>5</qty></order>\n</orders>\n';

  it("turns the repeated element into items, keeping values as text", async () => {
    const { run } = setup();
    const result = await run("parseXml", { text: xml, itemsPath: "orders.order" });
    expect(result).toEqual({
      items: [
        { "@_id": "7", sku: "A-1", qty: "3" },
        { "@_id": "8", sku: "0042", qty: "5" },
      ],
      count: 2,
      total: 2,
      nextOffset: null,
    });
  });

  it("gives a list also for a single element", async () => {
    const { run } = setup();
    const result = await run("parseXml", { text: "<orders><order><sku>A</sku></order></orders>", itemsPath: "orders.order", parseValues: true });
    expect(result.items).toEqual([{ sku: "A" }]);
  });

  it("names the line and column of malformed XML", async () => {
    const { run, blobs } = setup();
    const file = await blobs.put({ name: "orders.xml", bytes: Buffer.from("<orders>\n<order>\n</orders>") });
    await expect(run("parseXml", { file, itemsPath: "orders.order" })).rejects.toThrow(
      /^orders\.xml: line 3, column \d+: invalid XML: Expected closing tag 'order'/,
    );
  });
});

describe("files.createFile and files.readText", () => {
  it("stores text or base64 and reads it back", async () => {
    const { run } = setup();
    const created = await run("createFile", { name: "hello.txt", content: "aGVsbG8=", encoding: "base64" });
    expect(created.file).toMatchObject({ name: "hello.txt", contentType: "text/plain", size: 5 });
    expect((await run("readText", { file: created.file })).text).toBe("hello");
    const csv = parse((await run("readText", { file: (await run("createFile", { name: "a.csv", content: "x\n1\n" })).file })).text, { columns: true });
    expect(csv).toEqual([{ x: "1" }]);
  });
});

describe("files.readFields", () => {
  it("reads fields by JSONPath from a stored JSON file, a form-encoded one, or a document given inline; missing ones are null", async () => {
    const { run, blobs } = setup();
    const json = await blobs.put({
      name: "body.json",
      contentType: "application/json",
      bytes: Buffer.from(JSON.stringify({ issue: { title: "Big", labels: ["a", "b"] }, commits: [1, 2, 3] })),
    });
    expect(
      await run("readFields", { source: json, fields: { title: "$.issue.title", labels: "$.issue.labels", count: "$.commits.length", missing: "$.nope" } }),
    ).toEqual({
      title: "Big",
      labels: ["a", "b"],
      count: 3,
      missing: null,
    });
    const form = await blobs.put({
      name: "body.form",
      contentType: "application/x-www-form-urlencoded",
      bytes: Buffer.from("MessageStatus=delivered&To=%2B1555"),
    });
    expect(await run("readFields", { source: form, fields: { status: "$.MessageStatus" } })).toEqual({ status: "delivered" });
    expect(await run("readFields", { source: { issue: { number: 7 } }, fields: { number: "$.issue.number" } })).toEqual({ number: 7 });
  });

  it("names the file when it is not JSON, and refuses a path that is not one", async () => {
    const { run, blobs } = setup();
    const text = await blobs.put({ name: "body.txt", contentType: "text/plain", bytes: Buffer.from("hello") });
    await expect(run("readFields", { source: text, fields: { a: "$.a" } })).rejects.toMatchObject({
      errorName: "Switchyard.ParseError",
      message: expect.stringContaining("body.txt (text/plain) is not JSON"),
    });
    await expect(run("readFields", { source: {}, fields: { a: "issue.title" } })).rejects.toThrow(/fields\.a: must be a JSONPath/);
  });
});
