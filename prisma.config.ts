// Used by the Prisma CLI (generate). Migrations are applied by server/db/migrator.ts, so no
// datasource URL is needed here.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
