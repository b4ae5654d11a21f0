/**
 * The marketplace page's script and stylesheet, built by `npm run build:sdk` (embed-sdk/build.ts,
 * which `npm start` and `npm run build` run) into `public/` and inlined into every page. Read once
 * in production; in development on every request, so a rebuild shows at once.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/server/env";

export const MARKETPLACE_SCRIPT_FILE = path.join("public", "embed-marketplace.js");
export const MARKETPLACE_STYLE_FILE = path.join("public", "embed-marketplace.css");

export interface MarketplaceAssets {
  script: string;
  style: string;
}

let loaded: MarketplaceAssets | null = null;

/** The built files, or an error saying how to build them. */
export function marketplaceAssets(root = process.cwd(), cache = env().NODE_ENV === "production"): MarketplaceAssets {
  if (cache && loaded) return loaded;
  try {
    const assets = {
      script: readFileSync(path.join(root, MARKETPLACE_SCRIPT_FILE), "utf8"),
      style: readFileSync(path.join(root, MARKETPLACE_STYLE_FILE), "utf8"),
    };
    if (cache) loaded = assets;
    return assets;
  } catch (error) {
    throw new Error(
      `The marketplace page's script and stylesheet are not built (${MARKETPLACE_SCRIPT_FILE}, ${MARKETPLACE_STYLE_FILE}): run \`npm run build:sdk\`.`,
      { cause: error },
    );
  }
}
