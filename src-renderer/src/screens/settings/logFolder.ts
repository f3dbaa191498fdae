/**
 * The log folder as a file:// URL: in the Electron shell, window.open of exactly this URL makes the shell open the
 * folder in the system's file manager (src-main/shell/security.ts openableFolder); nothing else is opened.
 */
export function logFolderUrl(path: string): string {
  const slashed = path.replace(/\\/g, '/');
  const absolute = slashed.startsWith('/') ? slashed : `/${slashed}`;
  return `file://${absolute
    .split('/')
    .map((part, i) => (i > 0 && /^[A-Za-z]:$/.test(part) ? part : encodeURIComponent(part)))
    .join('/')}`;
}
