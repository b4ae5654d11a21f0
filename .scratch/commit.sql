
  WITH item AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(
      id uuid, expected int, from_status text, n int, kind text, state text, input text, visits text, retry_count int,
      retrier_attempts text, entered_at timestamptz, wait_for text, until timestamptz, output text, error text)
  ), moved AS (
    UPDATE execution x SET
      steps_committed = x.steps_committed + i.n,
      status = (CASE i.kind WHEN 'continue' THEN CASE i.from_status WHEN 'running' THEN 'running' ELSE 'queued' END
                            WHEN 'park' THEN 'waiting' ELSE i.kind END)::"ExecutionStatus",
      current_state = CASE WHEN i.kind IN ('continue', 'park') THEN i.state ELSE x.current_state END,
      -- A failed execution keeps its failed state's sealed input: a replay from that state needs the real values.
      current_input = CASE WHEN i.kind IN ('continue', 'park') THEN i.input::jsonb WHEN i.kind = 'failed' THEN x.current_input END,
      retry_count = CASE i.kind WHEN 'continue' THEN 0 WHEN 'park' THEN i.retry_count ELSE x.retry_count END,
      retrier_attempts = CASE i.kind WHEN 'continue' THEN NULL WHEN 'park' THEN i.retrier_attempts::jsonb ELSE x.retrier_attempts END,
      state_entered_at = CASE i.kind WHEN 'continue' THEN now() WHEN 'park' THEN coalesce(i.entered_at, x.state_entered_at) ELSE x.state_entered_at END,
      state_visits = CASE WHEN i.kind IN ('continue', 'park') THEN i.visits::jsonb ELSE x.state_visits END,
      wait_for = CASE WHEN i.kind = 'park' THEN i.wait_for::jsonb END,
      wait_until = CASE WHEN i.kind = 'park' THEN i.until END,
      lease_until = CASE WHEN i.kind = 'continue' THEN x.lease_until END,
      output = CASE i.kind WHEN 'succeeded' THEN i.output::jsonb WHEN 'failed' THEN NULL ELSE x.output END,
      error = CASE i.kind WHEN 'failed' THEN i.error::jsonb WHEN 'succeeded' THEN NULL ELSE x.error END,
      finished_at = CASE WHEN i.kind IN ('succeeded', 'failed') THEN now() ELSE x.finished_at END,
      updated_at = now()
    FROM item i
    WHERE x.id = i.id AND x.status = i.from_status::"ExecutionStatus" AND x.steps_committed = i.expected
    RETURNING x.id
  ), recorded AS (
    INSERT INTO step_run (id, organization_id, execution_id, sequence, state_name, state_type, attempt, status, input, output, error, calls, started_at, duration_ms)
    SELECT s.id, s.organization_id, s.execution_id, s.sequence, s.state_name, s.state_type, s.attempt, s.status,
           s.input::jsonb, s.output::jsonb, s.error::jsonb, s.calls::jsonb, s.started_at, s.duration_ms
      FROM jsonb_to_recordset($2::jsonb) AS s(id uuid, organization_id uuid, execution_id uuid, sequence int, state_name text, state_type text,
             attempt int, status text, input text, output text, error text, calls text, started_at timestamptz, duration_ms int)
     WHERE s.execution_id IN (SELECT id FROM moved)
  )
  SELECT id FROM moved