/** One candidate file as the selector ranks it. */
export interface RankedFile {
  path: string;
  /** The combined score; higher is better. Ties are broken by path so the order is deterministic. */
  score: number;
  /** Each signal's contribution, for the report and for tuning. */
  signals: Record<string, number>;
}

/** What retrieval is asked: the task's words. */
export interface RetrievalQuery {
  title: string;
  description?: string;
}
