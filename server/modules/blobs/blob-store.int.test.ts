/** The execution's file store on a real Postgres: size limit, tenant scoping, and deletion with the execution. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db } from "@/server/db/client";
import { startExecution } from "@/server/modules/executions/executions.service";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { dropQueuedRuns, uniqueKey } from "@/server/testing/hooks";
import { countExecutionBlobs } from "./blobs.repo";
import { postgresBlobStore } from "./blob-store";

const manifest = () => `key: ${uniqueKey("files")}
name: Files
flows:
  - key: run
    trigger: { type: manual }
    StartAt: Done
    States: { Done: { Type: Succeed } }
`;

let organizationId: string;

async function executionOwner(orgId = organizationId) {
  const { instance } = await deployIntegration({ organizationId: orgId, manifest: manifest() });
  const execution = await startExecution(orgId, { instanceId: instance.id, flowKey: "run", input: {}, trigger: "manual" });
  return { organizationId: orgId, instanceId: instance.id, executionId: execution.id };
}

beforeAll(async () => {
  organizationId = (await createOrganizationWithMember()).organization.id;
});

afterAll(() => dropQueuedRuns(organizationId));

describe("Postgres blob store", () => {
  it("stores bytes and answers a reference that reads them back", async () => {
    const store = postgresBlobStore(await executionOwner(), 1024);
    const bytes = Buffer.from("id,name\n1,Ana\n");
    const ref = await store.put({ name: "people.csv", bytes });
    expect(ref).toEqual({ $blob: expect.any(String), name: "people.csv", contentType: "text/csv", size: bytes.length });
    const read = await store.read(ref);
    expect(read.bytes.equals(bytes)).toBe(true);
    expect(read.ref).toEqual(ref);
    // The id alone is enough, as a reference copied by hand would carry it.
    expect((await store.read(ref.$blob)).bytes.toString()).toBe("id,name\n1,Ana\n");
  });

  it("refuses a file over the configured size with a message naming it and the limit", async () => {
    const owner = await executionOwner();
    const store = postgresBlobStore(owner, 2048);
    await expect(store.put({ name: "huge.csv", bytes: Buffer.alloc(4096, 0x61) })).rejects.toMatchObject({
      name: "NonRetryableError",
      errorName: "Switchyard.FileTooLarge",
      message: 'file "huge.csv" is 4 KiB, more than the 2 KiB a file may have here (BLOB_MAX_BYTES)',
    });
    expect(await countExecutionBlobs(organizationId, owner.executionId)).toBe(0);
  });

  it("is shared by the executions of one instance, and hidden from other instances and organizations", async () => {
    const owner = await executionOwner();
    const ref = await postgresBlobStore(owner).put({ name: "a.txt", bytes: Buffer.from("a") });
    const sibling = await startExecution(organizationId, { instanceId: owner.instanceId, flowKey: "run", input: {}, trigger: "manual" });
    expect((await postgresBlobStore({ ...owner, executionId: sibling.id }).read(ref)).bytes.toString()).toBe("a");

    const otherInstance = postgresBlobStore(await executionOwner());
    await expect(otherInstance.read(ref)).rejects.toMatchObject({ errorName: "Switchyard.FileNotFound" });
    const otherOrganization = (await createOrganizationWithMember()).organization.id;
    const foreign = postgresBlobStore(await executionOwner(otherOrganization));
    await expect(foreign.read(ref)).rejects.toThrow(/was not found/);
    await expect(foreign.read("not-a-uuid")).rejects.toThrow(/was not found/);
    await dropQueuedRuns(otherOrganization);
  });

  it("is deleted with the execution that stored it", async () => {
    const owner = await executionOwner();
    const store = postgresBlobStore(owner);
    const ref = await store.put({ name: "report.csv", bytes: Buffer.from("x") });
    expect(await countExecutionBlobs(organizationId, owner.executionId)).toBe(1);
    await db().execution.delete({ where: { id: owner.executionId } });
    expect(await countExecutionBlobs(organizationId, owner.executionId)).toBe(0);
    await expect(store.read(ref)).rejects.toThrow(/cleaned up with the execution that stored it/);
  });
});
