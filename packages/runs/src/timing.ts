/**
 * How long after its work is published (or after it is next due, for delayed
 * work) the reconciler first asks the queue about a run. Short enough that lost
 * work resumes quickly; every check of live work only pushes this forward.
 */
export const DEFAULT_CHECK_AFTER_MS = 30_000;
