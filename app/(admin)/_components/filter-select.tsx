"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_components/trpc-provider";
import { inputClass } from "./ui";

export type FilterOption = string | { value: string; label: string };

/** One labelled filter dropdown of the console's lists; the empty value means "no filter". */
export function FilterSelect(props: {
  label: string;
  value: string | undefined;
  onChange: (value: string) => void;
  options: readonly FilterOption[];
  anyLabel?: string;
  /** Stacked label and full-width control, for grid layouts. */
  stacked?: boolean;
}) {
  const { stacked = false } = props;
  return (
    <label className="text-sm">
      <span className={stacked ? "mb-1 block text-slate-600" : "mr-2 text-slate-600"}>{props.label}</span>
      <select className={stacked ? `${inputClass} w-full` : inputClass} value={props.value ?? ""} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">{props.anyLabel ?? "any"}</option>
        {props.options.map((option) => {
          const { value, label } = typeof option === "string" ? { value: option, label: option } : option;
          return (
            <option key={value} value={value}>
              {label}
            </option>
          );
        })}
      </select>
    </label>
  );
}

/** The organization's integrations as filter options. */
export function useIntegrationOptions(): FilterOption[] {
  const trpc = useTRPC();
  const integrations = useQuery(trpc.integrations.list.queryOptions({ limit: 100 }));
  return (integrations.data?.data ?? []).map((i) => ({ value: i.id, label: i.name }));
}
