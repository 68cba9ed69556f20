/** A task this one depends on, and how it ended. */
export interface RelatedTask {
  id: string;
  title: string;
  status: string;
  summary: string | null;
  error: string | null;
  finalCommit: string | null;
  /** ISO 8601 time it last changed; when given, the most recent come first. */
  updatedAt?: string | null;
}
