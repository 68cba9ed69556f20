/** The file each finished release directory holds, naming its commit. */
export const RELEASE_MARKER = '.ringmaster-release.json';
