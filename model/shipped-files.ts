// What a host may ship of a task's files to the control plane: checked by the route, kept to by the shipper.

/** The names of the task files a host ships (config/task-files.ts, `setup.log`): no folders, no dot-only names. */
export const SHIPPED_FILE_NAME_PATTERN = '^[a-z][a-z0-9-]*(\\.report)?\\.(log|md|json)$';
/** The longest file name a host may ship. */
export const SHIPPED_FILE_NAME_MAX = 80;
/** The most bytes one request may carry; a shipper sends bigger growth in several chunks. */
export const SHIPPED_CHUNK_LIMIT = 1024 * 1024;
