import { describe, expect, it } from "vitest";
import { formatPrometheus, histogramSamples } from "./prometheus-text";

describe("Prometheus text format", () => {
  it("writes HELP and TYPE before the samples, with label values escaped", () => {
    const text = formatPrometheus([
      {
        name: "switchyard_executions_finished_total",
        type: "counter",
        help: "Executions that finished.\nBy flow.",
        samples: [
          { labels: { flow: 'say "hi"', integration: "a\\b" }, value: 3 },
          { labels: {}, value: 0.5 },
        ],
      },
      { name: "switchyard_queue_jobs", type: "gauge", help: "Jobs.", samples: [] },
    ]);
    expect(text).toBe(
      [
        "# HELP switchyard_executions_finished_total Executions that finished.\\nBy flow.",
        "# TYPE switchyard_executions_finished_total counter",
        'switchyard_executions_finished_total{flow="say \\"hi\\"",integration="a\\\\b"} 3',
        "switchyard_executions_finished_total 0.5",
        "# HELP switchyard_queue_jobs Jobs.",
        "# TYPE switchyard_queue_jobs gauge",
        "",
      ].join("\n"),
    );
  });

  it("makes stored per-bucket counts cumulative, with every bucket shown and +Inf equal to the count", () => {
    const samples = histogramSamples(
      [
        {
          labels: { state_type: "Action" },
          buckets: new Map([
            ["0.1", 2],
            ["1", 1],
            ["+Inf", 1],
          ]),
          sum: 7.25,
          count: 4,
        },
      ],
      [0.1, 0.5, 1],
    );
    expect(
      formatPrometheus([{ name: "step_seconds", type: "histogram", help: "Steps.", samples }])
        .split("\n")
        .slice(2, -1),
    ).toEqual([
      'step_seconds_bucket{state_type="Action",le="0.1"} 2',
      'step_seconds_bucket{state_type="Action",le="0.5"} 2',
      'step_seconds_bucket{state_type="Action",le="1"} 3',
      'step_seconds_bucket{state_type="Action",le="+Inf"} 4',
      'step_seconds_sum{state_type="Action"} 7.25',
      'step_seconds_count{state_type="Action"} 4',
    ]);
  });
});
