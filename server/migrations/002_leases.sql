-- Leases, so a run never stays running after its sidecar is gone, and a stale attempt
-- cannot write over what recovery decided.
--   lease_token:      a fresh secret per claim; every later write of the run must carry it.
--   lease_owner:      the claiming sidecar as "<host> <pid> <process start> <instance id>", so a
--                     sidecar starting on the same host can tell a dead owner from a live one.
--   lease_expires_at: renewed by the owner's heartbeat; past it, any sidecar may recover the run.
--   pid_started:      the start time of the run's process-group leader (/proc/<pid>/stat), so a
--                     recovered group is only killed when it is still the one we started.
ALTER TABLE runs ADD COLUMN lease_token TEXT;
ALTER TABLE runs ADD COLUMN lease_owner TEXT;
ALTER TABLE runs ADD COLUMN lease_expires_at TEXT;
ALTER TABLE runs ADD COLUMN pid_started TEXT;
CREATE INDEX runs_finished ON runs (finished_at) WHERE finished_at IS NOT NULL;
