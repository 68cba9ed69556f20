-- Key/value facts about this installation (e.g. which Ringmaster version last started on it).
CREATE TABLE meta (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
