/**
 * The request document of a delivery recorded earlier (a held one released, one handed to waiting
 * executions), rebuilt from its event exactly as the ingest built it: the parsed body, its query
 * for a GET delivery, or the reference to its body file when the body was too large for a state.
 */
import { findEventBodyBlob } from "@/server/modules/blobs/blobs.repo";
import { documentBody, type RequestDocument } from "./event-document";

export interface StoredDelivery {
  id: string;
  method: string | null;
  headers: unknown;
  query: unknown;
  body: Uint8Array | null;
}

export async function storedRequestDocument(organizationId: string, event: StoredDelivery): Promise<RequestDocument> {
  const headers = (event.headers ?? {}) as Record<string, string>;
  const method = event.method ?? "POST";
  const query = (event.query as Record<string, string> | null) ?? {};
  if (event.body === null || event.body.length === 0) {
    const file = await findEventBodyBlob(organizationId, event.id);
    if (file) return { method, headers, query, body: { $blob: file.id, name: file.name, contentType: file.contentType, size: file.size } };
  }
  return { method, headers, query, body: documentBody(method, headers, Buffer.from(event.body ?? new Uint8Array()), query) };
}
