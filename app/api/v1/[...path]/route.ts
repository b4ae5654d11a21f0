import { answerApiRequest } from "@/server/api/route-handler";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The REST API: method + path are matched against the operations in server/api/api-operations.ts. */
export const GET = answerApiRequest;
export const HEAD = answerApiRequest;
export const POST = answerApiRequest;
export const PUT = answerApiRequest;
export const PATCH = answerApiRequest;
export const DELETE = answerApiRequest;
export const OPTIONS = answerApiRequest;
