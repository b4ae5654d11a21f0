import { db } from "@/server/db/client";
import type { SandboxProvider } from "@/server/sandbox/config";

export interface DeliveryRecord {
  provider: SandboxProvider;
  event: string;
  target: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  status: number | null;
  responseBody: string | null;
  error: string | null;
  durationMs: number;
}

export function insertDelivery(data: DeliveryRecord) {
  return db().sandboxDelivery.create({ data });
}

export function listDeliveries(filter: { provider?: SandboxProvider; target?: string; take?: number } = {}) {
  return db().sandboxDelivery.findMany({
    where: { ...(filter.provider ? { provider: filter.provider } : {}), ...(filter.target ? { target: filter.target } : {}) },
    orderBy: { createdAt: "desc" },
    take: filter.take ?? 50,
  });
}
