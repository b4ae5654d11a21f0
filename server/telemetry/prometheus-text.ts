/**
 * Prometheus text exposition format 0.0.4: `# HELP`, `# TYPE`, then one line per sample. Written
 * here rather than with a client library because the values are read back from the database
 * already summed over processes (and histogram buckets already counted), which a client library's
 * own counters and histograms cannot be set to.
 */

export interface Sample {
  /** Appended to the family's name: `_bucket`, `_sum`, `_count` for histograms. */
  suffix?: string;
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: "counter" | "gauge" | "histogram";
  samples: Sample[];
}

const escapeHelp = (text: string) => text.replaceAll("\\", "\\\\").replaceAll("\n", "\\n");
const escapeLabel = (text: string) => text.replaceAll("\\", "\\\\").replaceAll("\n", "\\n").replaceAll('"', '\\"');

function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

function formatLabels(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return "";
  return `{${entries.map(([name, value]) => `${name}="${escapeLabel(value)}"`).join(",")}}`;
}

export function formatPrometheus(families: MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) lines.push(`${family.name}${sample.suffix ?? ""}${formatLabels(sample.labels)} ${formatValue(sample.value)}`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Histogram samples from stored per-bucket counts (each observation counted in its own bucket
 * only), made cumulative as the format wants: every `le` bucket counts the observations up to it,
 * and `+Inf` equals `_count`. `bounds` are all the buckets' upper bounds, so each series shows
 * every bucket even where nothing fell yet.
 */
export function histogramSamples(
  series: { labels: Record<string, string>; buckets: Map<string, number>; sum: number; count: number }[],
  bounds: number[],
): Sample[] {
  const samples: Sample[] = [];
  for (const s of series) {
    let cumulative = 0;
    for (const bound of bounds) {
      cumulative += s.buckets.get(String(bound)) ?? 0;
      samples.push({ suffix: "_bucket", labels: { ...s.labels, le: String(bound) }, value: cumulative });
    }
    samples.push({ suffix: "_bucket", labels: { ...s.labels, le: "+Inf" }, value: s.count });
    samples.push({ suffix: "_sum", labels: s.labels, value: s.sum });
    samples.push({ suffix: "_count", labels: s.labels, value: s.count });
  }
  return samples;
}
