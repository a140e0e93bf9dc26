// Owns importing a finished episode download (being written).

/** Payload `{ trackedDownloadId: number }`. */
export const EPISODE_IMPORT_JOB = 'imports.episodes';
