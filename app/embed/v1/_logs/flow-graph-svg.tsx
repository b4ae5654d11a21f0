import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

type Graph = NonNullable<inferRouterOutputs<AppRouter>["embed"]["logs"]["detail"]["graph"]>;

const NODE_W = 150;
const NODE_H = 40;
const GAP_X = 40;
const GAP_Y = 46;

/** The flow's states as boxes by layer (server-computed), edges as lines; the path taken is highlighted. */
export function FlowGraphSvg({ graph }: { graph: Graph }) {
  const width = graph.columns * (NODE_W + GAP_X) + GAP_X;
  const height = graph.layers * (NODE_H + GAP_Y) + GAP_Y / 2;
  const widest = Math.max(...Array.from({ length: graph.layers }, (_, layer) => graph.nodes.filter((n) => n.layer === layer).length));
  const position = new Map(
    graph.nodes.map((node) => {
      const inLayer = graph.nodes.filter((n) => n.layer === node.layer).length;
      const offset = ((widest - inLayer) * (NODE_W + GAP_X)) / 2;
      return [node.name, { x: GAP_X + offset + node.column * (NODE_W + GAP_X), y: GAP_Y / 2 + node.layer * (NODE_H + GAP_Y) }];
    }),
  );
  return (
    <svg role="img" aria-label="Flow diagram; the states this run went through are highlighted" viewBox={`0 0 ${width} ${height}`} className="w-full max-w-full" style={{ maxHeight: 480 }} data-testid="flow-graph">
      <defs>
        <marker id="sy-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" fill="var(--sy-muted)" />
        </marker>
        <marker id="sy-arrow-taken" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" fill="var(--sy-primary)" />
        </marker>
      </defs>
      {graph.edges.map((edge, index) => {
        const a = position.get(edge.from)!;
        const b = position.get(edge.to)!;
        const upward = b.y <= a.y;
        const x1 = a.x + NODE_W / 2;
        const y1 = upward ? a.y + NODE_H / 2 : a.y + NODE_H;
        const x2 = b.x + NODE_W / 2;
        const y2 = upward ? b.y + NODE_H / 2 : b.y;
        const path = upward ? `M${x1 + NODE_W / 2},${y1} C${x1 + NODE_W},${y1} ${x2 + NODE_W},${y2} ${x2 + NODE_W / 2},${y2}` : `M${x1},${y1} C${x1},${(y1 + y2) / 2} ${x2},${(y1 + y2) / 2} ${x2},${y2}`;
        return (
          <path
            key={index}
            d={path}
            fill="none"
            stroke={edge.taken ? "var(--sy-primary)" : "var(--sy-border)"}
            strokeWidth={edge.taken ? 2.5 : 1.5}
            strokeDasharray={edge.kind === "catch" ? "5 4" : edge.kind === "default" ? "2 3" : undefined}
            markerEnd={edge.taken ? "url(#sy-arrow-taken)" : "url(#sy-arrow)"}
            data-taken={edge.taken || undefined}
          >
            <title>{`${edge.from} → ${edge.to} (${edge.kind})`}</title>
          </path>
        );
      })}
      {graph.nodes.map((node) => {
        const p = position.get(node.name)!;
        const stroke = node.failed ? "var(--sy-danger)" : node.visited ? "var(--sy-primary)" : "var(--sy-border)";
        return (
          <g key={node.name} data-state={node.name} data-visited={node.visited || undefined}>
            <rect x={p.x} y={p.y} width={NODE_W} height={NODE_H} rx={8} fill="var(--sy-bg)" stroke={stroke} strokeWidth={node.visited ? 2.5 : 1.5} />
            <text x={p.x + NODE_W / 2} y={p.y + 17} textAnchor="middle" fontSize="12" fontWeight={600} fill="var(--sy-text)">
              {node.name.length > 20 ? `${node.name.slice(0, 19)}…` : node.name}
            </text>
            <text x={p.x + NODE_W / 2} y={p.y + 31} textAnchor="middle" fontSize="10" fill="var(--sy-muted)">
              {node.type}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
