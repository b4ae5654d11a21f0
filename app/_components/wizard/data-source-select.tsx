"use client";

import { useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { errorMessage } from "@/app/_components/sy/errors";
import { Spinner } from "@/app/_components/sy/spinner";
import { useWizardAdapter, wizardKeys } from "./wizard-adapter";

/**
 * A dropdown whose options come from the customer's account at the provider. The search box
 * filters on the provider's side; a failure shows the provider's message with a retry.
 */
export function DataSourceSelect(props: {
  id: string;
  instanceId: string;
  fieldKey: string;
  value: unknown;
  multiple: boolean;
  onChange: (value: unknown) => void;
  invalid: boolean;
  describedBy?: string;
  connected: boolean;
  connectionLabel: string;
}) {
  const adapter = useWizardAdapter();
  const [search, setSearch] = useState("");
  const deferred = useDeferredValue(search);
  const options = useQuery({
    queryKey: wizardKeys.options(adapter.scope, props.instanceId, props.fieldKey, deferred),
    queryFn: () => adapter.loadOptions({ instanceId: props.instanceId, fieldKey: props.fieldKey, search: deferred || undefined }),
    enabled: props.connected,
    placeholderData: (previous) => previous,
    retry: false,
  });
  if (!props.connected) return <p className="sy-muted text-sm">Connect your {props.connectionLabel} account first; the choices come from it.</p>;

  const selected = props.multiple ? (Array.isArray(props.value) ? (props.value as string[]) : []) : typeof props.value === "string" ? props.value : "";
  const items = options.data?.options ?? [];
  // Keep the current choice visible even when the search hides it.
  const withCurrent =
    !props.multiple && selected && !items.some((o) => o.value === selected) ? [{ value: selected as string, label: selected as string }, ...items] : items;

  return (
    <div className="space-y-2" data-testid={`data-source-${props.fieldKey}`}>
      <input
        className="sy-input"
        type="search"
        aria-label="Search the options"
        placeholder="Search…"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      {options.isPending ? (
        <Spinner label="Loading the options…" />
      ) : options.isError ? (
        <div className="flex flex-wrap items-center gap-2">
          <p className="sy-field-error" role="alert">
            {errorMessage(options.error)}
          </p>
          <button type="button" className="sy-btn" onClick={() => options.refetch()}>
            Try again
          </button>
        </div>
      ) : (
        <div className="flex items-center gap-2">
          <select
            id={props.id}
            className="sy-input"
            multiple={props.multiple}
            value={selected as string | string[]}
            aria-invalid={props.invalid}
            aria-describedby={props.describedBy}
            aria-busy={options.isFetching}
            onChange={(e) => props.onChange(props.multiple ? [...e.target.selectedOptions].map((o) => o.value) : e.target.value)}
          >
            {props.multiple ? null : <option value="">{withCurrent.length ? "Choose…" : "Nothing found"}</option>}
            {withCurrent.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          {options.isFetching ? <Spinner /> : null}
        </div>
      )}
    </div>
  );
}
