import type { Finding, ManifestPath } from "@/server/manifest/manifest-error";
import { asArray, asRecord, asString, entriesOf, type RawRecord } from "@/server/manifest/raw";
import { didYouMean } from "@/server/manifest/suggest";

/** One state, wherever it sits: a flow's top level or a Map/Parallel branch. */
export interface StateVisit {
  name: string;
  state: RawRecord;
  path: ManifestPath;
  /** Inside a Map iteration or a Parallel branch. */
  inBranch: boolean;
}

// These end a path by themselves (Choice moves on through Choices/Default instead of Next).
const ROUTES_WITHOUT_NEXT = new Set(["Choice", "Succeed", "Fail"]);
const NEEDS_NEXT_OR_END = new Set(["Action", "Task", "Pass", "Wait", "Map", "Parallel", "WaitForEvent"]);

/**
 * Checks one StartAt/States machine and, recursively, the machines inside its Map and Parallel
 * states. Transitions never cross a branch boundary, so each machine is checked on its own names.
 */
export function checkStateMachine(machine: RawRecord, path: ManifestPath, findings: Finding[], onState: (visit: StateVisit) => void, inBranch = false): void {
  const states = asRecord(machine.States);
  if (!states) return; // missing or malformed States is a schema error, reported by zod
  const names = Object.keys(states);
  const noSuchState = (target: string) => `no state named "${target}"${didYouMean(target, names)}`;

  const startAt = asString(machine.StartAt);
  if (startAt !== undefined && !Object.hasOwn(states, startAt)) {
    findings.push({ path: [...path, "StartAt"], message: noSuchState(startAt) });
  }

  const edges = new Map<string, string[]>();
  for (const [name, value] of Object.entries(states)) {
    const state = asRecord(value);
    if (!state) continue;
    const statePath = [...path, "States", name];
    const targets = transitions(state, statePath);
    for (const target of targets) {
      if (!Object.hasOwn(states, target.name)) findings.push({ path: target.path, message: noSuchState(target.name) });
    }
    edges.set(
      name,
      targets.map((target) => target.name),
    );
    checkEnding(state, statePath, findings);
    if (inBranch && state.Type === "WaitForEvent") {
      findings.push({
        path: [...statePath, "Type"],
        message: "WaitForEvent cannot be used inside a Map or Parallel branch: only a whole execution can park and wait",
      });
    }
    onState({ name, state, path: statePath, inBranch });
    for (const branch of branchesOf(state, statePath)) {
      checkStateMachine(branch.machine, branch.path, findings, onState, true);
    }
  }

  if (startAt !== undefined && Object.hasOwn(states, startAt)) {
    const reached = reachableFrom(startAt, edges);
    for (const name of names) {
      if (!reached.has(name)) {
        findings.push({ path: [...path, "States", name], at: "key", message: `state "${name}" is unreachable from StartAt "${startAt}"` });
      }
    }
  }
}

function transitions(state: RawRecord, statePath: ManifestPath): Array<{ name: string; path: ManifestPath }> {
  const targets: Array<{ name: string; path: ManifestPath }> = [];
  const add = (value: unknown, path: ManifestPath) => {
    const name = asString(value);
    if (name !== undefined) targets.push({ name, path });
  };
  add(state.Next, [...statePath, "Next"]);
  add(state.Default, [...statePath, "Default"]);
  asArray(state.Choices).forEach((choice, index) => add(asRecord(choice)?.Next, [...statePath, "Choices", index, "Next"]));
  asArray(state.Catch).forEach((catcher, index) => add(asRecord(catcher)?.Next, [...statePath, "Catch", index, "Next"]));
  return targets;
}

function checkEnding(state: RawRecord, statePath: ManifestPath, findings: Finding[]): void {
  const type = asString(state.Type);
  if (type === undefined) return;
  const hasNext = state.Next !== undefined;
  const ends = state.End === true;
  if (ROUTES_WITHOUT_NEXT.has(type)) {
    if (hasNext) findings.push({ path: [...statePath, "Next"], at: "key", message: `a ${type} state cannot have Next` });
    if (state.End !== undefined) findings.push({ path: [...statePath, "End"], at: "key", message: `a ${type} state cannot have End` });
    return;
  }
  // Same paths as the engine schema's own check, so the loader shows one message per problem.
  if (!NEEDS_NEXT_OR_END.has(type)) return; // an unknown Type is reported by the schema
  if (hasNext && ends) findings.push({ path: [...statePath, "End"], at: "key", message: "a state cannot have both Next and End: true" });
  if (!hasNext && !ends) findings.push({ path: [...statePath, "Next"], message: `a ${type} state needs Next or End: true` });
}

/** Map iterates `ItemProcessor` (or the older `Iterator`); Parallel runs every entry of `Branches`. */
function branchesOf(state: RawRecord, statePath: ManifestPath): Array<{ machine: RawRecord; path: ManifestPath }> {
  if (state.Type === "Map") {
    return entriesOf(state)
      .filter(([key]) => key === "ItemProcessor" || key === "Iterator")
      .flatMap(([key, value]) => {
        const machine = asRecord(value);
        return machine ? [{ machine, path: [...statePath, key] }] : [];
      });
  }
  if (state.Type === "Parallel") {
    return asArray(state.Branches).flatMap((value, index) => {
      const machine = asRecord(value);
      return machine ? [{ machine, path: [...statePath, "Branches", index] }] : [];
    });
  }
  return [];
}

function reachableFrom(start: string, edges: Map<string, string[]>): Set<string> {
  const reached = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const next of edges.get(current) ?? []) {
      if (!reached.has(next) && edges.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    }
  }
  return reached;
}
