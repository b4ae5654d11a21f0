import { notFound } from "next/navigation";
import { idSchema } from "@/server/api/schemas/common.schema";

/** A record id from the address; anything that cannot be an id is a page that does not exist. */
export async function routeId(params: Promise<{ id: string }>): Promise<string> {
  const { id } = await params;
  if (!idSchema.safeParse(id).success) notFound();
  return id;
}
