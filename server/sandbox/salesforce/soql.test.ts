import { describe, expect, it } from "vitest";
import { toEighteen, isSalesforceId, newSalesforceId, normaliseId } from "./salesforce-ids";
import { parseSoql, satisfies } from "./soql";

describe("sandbox SOQL", () => {
  it("parses fields, object, conditions, order and limit", () => {
    expect(parseSoql("SELECT Id, Name FROM Account WHERE Acme_Id__c = 'acc_1' AND Industry != null ORDER BY Name DESC LIMIT 5")).toEqual({
      fields: ["Id", "Name"],
      object: "Account",
      where: [
        { field: "Acme_Id__c", op: "=", values: ["acc_1"] },
        { field: "Industry", op: "!=", values: [null] },
      ],
      orderBy: { field: "Name", direction: "DESC" },
      limit: 5,
    });
    expect(parseSoql("select Id from Opportunity where StageName in ('Prospecting', 'Closed Won') and Amount = 10.5").where).toEqual([
      { field: "StageName", op: "IN", values: ["Prospecting", "Closed Won"] },
      { field: "Amount", op: "=", values: [10.5] },
    ]);
    expect(parseSoql("SELECT Name FROM Account WHERE Name = 'O\\'Brien & Co'").where[0]!.values).toEqual(["O'Brien & Co"]);
  });

  it("refuses what it does not understand, saying what was unexpected", () => {
    expect(() => parseSoql("SELECT FROM Account")).toThrow("unexpected token: 'Account', expected FROM");
    expect(() => parseSoql("SELECT Id FROM Account WHERE Name LIKE 'A%'")).toThrow("unexpected token: 'LIKE', expected =, != or IN");
    expect(() => parseSoql("SELECT Id FROM Account WHERE Name = 'open")).toThrow("unterminated string literal");
    expect(() => parseSoql("SELECT Id FROM Account LIMIT ten")).toThrow("LIMIT takes a whole number");
  });

  it("compares ids by their 15-character form", () => {
    expect(satisfies("001A0000006Vm9rIAC", { field: "Id", op: "=", values: ["001A0000006Vm9r"] }, true)).toBe(true);
    expect(satisfies(null, { field: "Industry", op: "!=", values: [null] }, false)).toBe(false);
  });
});

describe("Salesforce ids", () => {
  it("adds the case-checksum suffix Salesforce documents (001A0000006Vm9r → 001A0000006Vm9rIAC)", () => {
    expect(toEighteen("001A0000006Vm9r")).toBe("001A0000006Vm9rIAC");
    expect(isSalesforceId("001A0000006Vm9rIAC")).toBe(true);
    expect(isSalesforceId("001A0000006Vm9rIAD")).toBe(false);
    expect(normaliseId("001A0000006Vm9r")).toBe("001A0000006Vm9rIAC");
    const id = newSalesforceId("006");
    expect(id).toMatch(/^006[0-9A-Za-z]{15}$/);
    expect(isSalesforceId(id)).toBe(true);
  });
});
