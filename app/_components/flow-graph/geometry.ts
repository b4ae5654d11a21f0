import type { Point } from "@/server/modules/flow-graph/flow-graph";

/** Labels stay readable: the graph is never shown smaller than this, it is panned instead. */
export const MIN_SCALE = 0.75;
export const MAX_SCALE = 2;

export const clampScale = (scale: number) => Math.min(MAX_SCALE, Math.max(0.4, scale));

/** The scale that shows the whole width, but not below MIN_SCALE and never enlarged past 100%. */
export function fitScale(graphWidth: number, frameWidth: number): number {
  if (graphWidth <= 0) return 1;
  return Math.min(1, Math.max(MIN_SCALE, frameWidth / graphWidth));
}

/** A smooth path through the layout's edge points (quadratic curves between their midpoints). */
export function edgePath(points: Point[]): string {
  if (points.length === 0) return "";
  const [first, ...rest] = points;
  if (rest.length === 0) return `M${first!.x},${first!.y}`;
  let d = `M${first!.x},${first!.y}`;
  for (let index = 0; index < rest.length - 1; index++) {
    const control = rest[index]!;
    const next = rest[index + 1]!;
    d += ` Q${control.x},${control.y} ${(control.x + next.x) / 2},${(control.y + next.y) / 2}`;
  }
  const last = rest.at(-1)!;
  return `${d} L${last.x},${last.y}`;
}
