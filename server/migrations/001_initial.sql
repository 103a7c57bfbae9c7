-- Schedules and runs. Times are ISO-8601 UTC strings with milliseconds ("2026-01-01T00:00:00.000Z"),
-- which sort correctly as text. JSON columns hold the nested parts of the API's records.

CREATE TABLE schedules (
  id              TEXT PRIMARY KEY,
  name            TEXT NOT NULL,
  notebook        TEXT NOT NULL,
  trigger_json    TEXT NOT NULL,
  enabled         INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  parameters_json TEXT NOT NULL,
  kernel          TEXT,
  output_formats_json TEXT NOT NULL,
  timeout_seconds INTEGER,
  retries_json    TEXT NOT NULL,
  overlap         TEXT NOT NULL CHECK (overlap IN ('skip', 'queue', 'replace')),
  catch_up        TEXT NOT NULL CHECK (catch_up IN ('none', 'latest', 'all')),
  keep_runs       INTEGER NOT NULL,
  tags_json       TEXT NOT NULL,
  description     TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  next_run_at     TEXT,
  anchor_at       TEXT NOT NULL,
  last_nominal_at TEXT,
  -- The newest run that was not skipped, so lists show it without a query per schedule.
  last_run_id     TEXT REFERENCES runs (id) ON DELETE SET NULL
);
CREATE INDEX schedules_created ON schedules (created_at, id);
CREATE INDEX schedules_due ON schedules (next_run_at) WHERE enabled = 1 AND next_run_at IS NOT NULL;

CREATE TABLE runs (
  id              TEXT PRIMARY KEY,
  -- Kept when the schedule is deleted without purge, so history still says where it came from.
  schedule_id     TEXT,
  notebook        TEXT NOT NULL,
  trigger         TEXT NOT NULL CHECK (trigger IN ('schedule', 'manual', 'retry', 'catch-up')),
  scheduled_for   TEXT,
  queued_at       TEXT NOT NULL,
  started_at      TEXT,
  finished_at     TEXT,
  status          TEXT NOT NULL CHECK (status IN
                    ('queued', 'running', 'succeeded', 'failed', 'timed_out', 'cancelled', 'interrupted', 'skipped')),
  attempt         INTEGER NOT NULL DEFAULT 1,
  exit_code       INTEGER,
  error           TEXT,
  parameters_json TEXT NOT NULL,
  progress_json   TEXT,
  outputs_json    TEXT NOT NULL DEFAULT '[]',
  duration_ms     INTEGER,
  kernel          TEXT,
  output_formats_json TEXT NOT NULL,
  timeout_seconds INTEGER,
  not_before      TEXT,
  pid             INTEGER
);
-- At most one run per (schedule, fire time) and attempt, whatever the number of schedulers.
-- Manual and one-off runs have no fire time (NULL), so they never collide.
CREATE UNIQUE INDEX runs_fire_once ON runs (schedule_id, scheduled_for, attempt);
CREATE INDEX runs_schedule_queued ON runs (schedule_id, queued_at, id);
CREATE INDEX runs_status_queued ON runs (status, queued_at, id);
CREATE INDEX runs_queued ON runs (queued_at, id);
