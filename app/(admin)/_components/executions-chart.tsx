/** Executions per hour, stacked by status, as plain SVG (no chart library). */
const SERIES = [
  { status: "succeeded", colour: "#10b981" },
  { status: "failed", colour: "#ef4444" },
  { status: "running", colour: "#3b82f6" },
  { status: "waiting", colour: "#f59e0b" },
  { status: "queued", colour: "#94a3b8" },
  { status: "cancelled", colour: "#cbd5e1" },
] as const;

const WIDTH = 720;
const HEIGHT = 180;
const LEFT = 32;
const BOTTOM = 20;

export function ExecutionsChart({ hours }: { hours: { hour: string; counts: Record<string, number> }[] }) {
  const totals = hours.map((h) => SERIES.reduce((sum, s) => sum + (h.counts[s.status] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const slot = (WIDTH - LEFT) / hours.length;
  const scale = (HEIGHT - BOTTOM) / max;
  return (
    <figure>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Executions per hour over the last 24 hours; busiest hour ${max}`} className="w-full">
        <line x1={LEFT} x2={WIDTH} y1={HEIGHT - BOTTOM} y2={HEIGHT - BOTTOM} stroke="#e2e8f0" />
        <text x={LEFT - 6} y={10} textAnchor="end" fontSize="10" fill="#64748b">
          {max}
        </text>
        <text x={LEFT - 6} y={HEIGHT - BOTTOM} textAnchor="end" fontSize="10" fill="#64748b">
          0
        </text>
        {hours.map((h, i) => {
          let y = HEIGHT - BOTTOM;
          const x = LEFT + i * slot + 2;
          const label = new Date(h.hour).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
          return (
            <g key={h.hour}>
              <title>{`${label}: ${SERIES.map((s) => `${h.counts[s.status] ?? 0} ${s.status}`).join(", ")}`}</title>
              {SERIES.map((s) => {
                const height = (h.counts[s.status] ?? 0) * scale;
                y -= height;
                return height > 0 ? <rect key={s.status} x={x} y={y} width={slot - 4} height={height} fill={s.colour} /> : null;
              })}
              {i % 4 === 0 ? (
                <text x={x + (slot - 4) / 2} y={HEIGHT - 6} textAnchor="middle" fontSize="9" fill="#64748b">
                  {label}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-3 text-xs text-slate-600">
        {SERIES.map((s) => (
          <span key={s.status} className="inline-flex items-center gap-1">
            <span className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: s.colour }} aria-hidden />
            {s.status}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
