/**
 * What a run did, in the states it went through: "Route → IsMarkedComment → Echo". Long paths keep
 * their start and end ("Route → IsMarkedComment → … → AddTicketComment"); the last state carries the
 * step's outcome, so a skipped echo and a real copy read differently at a glance.
 */
export function RunPath({ run }: { run: { states: string[]; stepCount: number; lastState: string | null; lastStatus: string | null } }) {
  if (run.stepCount === 0 || !run.lastState) return <span className="text-xs text-slate-400">no step yet</span>;
  const states = run.stepCount > run.states.length ? [...run.states, run.lastState] : run.states;
  const collapsed = states.length > 5 ? [...states.slice(0, 2), "…", ...states.slice(-2)] : states;
  const last = collapsed.length - 1;
  return (
    <span
      className="text-xs text-slate-600"
      title={`${run.stepCount} steps: ${states.join(" → ")}${run.stepCount > states.length ? " …" : ""}`}
      data-testid="run-path"
    >
      {collapsed.map((name, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list that is never reordered; its position is what tells its items apart.
        <span key={index}>
          {index > 0 ? <span className="text-slate-400"> → </span> : null}
          <span className={index === last ? (run.lastStatus === "failed" ? "font-semibold text-red-700" : "font-semibold text-slate-800") : undefined}>
            {name}
          </span>
        </span>
      ))}
    </span>
  );
}
