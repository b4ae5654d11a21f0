-- Token bucket of the per-customer limit on tool calls (actions API and MCP server).
ALTER TABLE "customer" ADD COLUMN "action_rate_tokens" DOUBLE PRECISION;
ALTER TABLE "customer" ADD COLUMN "action_rate_refilled_at" TIMESTAMPTZ(3);
