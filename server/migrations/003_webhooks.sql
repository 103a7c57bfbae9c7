-- Per-schedule failure (and optionally success) webhooks, kept beside the schedule and gone
-- with it. webhooks_json: [{"url": "...", "on": ["failure", "success"]}]. The URLs may carry
-- secrets (Slack's do): the API and the logs only ever show them masked.
CREATE TABLE schedule_webhooks (
  schedule_id TEXT PRIMARY KEY REFERENCES schedules (id) ON DELETE CASCADE,
  webhooks_json TEXT NOT NULL DEFAULT '[]'
);
