// The credential lives in sessionStorage only: it ends with the tab, is never written to
// localStorage and never put in a URL.
const KEY = "hermesx.credential";
const NOTICE = "hermesx.signout-notice";

export function readCredential(): string | null {
  return sessionStorage.getItem(KEY);
}

export function storeCredential(value: string): void {
  sessionStorage.setItem(KEY, value.trim());
}

export function clearCredential(notice?: string): void {
  sessionStorage.removeItem(KEY);
  if (notice) {
    sessionStorage.setItem(NOTICE, notice);
  }
}

/** The reason the console signed the user out, shown once on the sign-in page. */
export function takeSignOutNotice(): string | null {
  const notice = sessionStorage.getItem(NOTICE);
  sessionStorage.removeItem(NOTICE);
  return notice;
}
