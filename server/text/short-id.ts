/**
 * A short form of an execution id that tells runs apart. Ids are time-ordered UUIDs (v7): runs
 * started close together share their first characters, so the last eight — random bits — are shown.
 */
export function shortId(id: string): string {
  const hex = id.replace(/-/g, "");
  return hex.length > 8 ? `…${hex.slice(-8)}` : id;
}
