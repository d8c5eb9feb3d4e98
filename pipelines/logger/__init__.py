"""The live observation logger's journals (issue 14): one append-only JSON Lines file per
recording session, in the format of /work/shared/spec/logger-journal.md (v1)."""
