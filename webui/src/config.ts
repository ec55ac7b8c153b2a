/** The API's origin: empty when a silo serves the console itself, else set at run time by config.js. */
export function apiBaseUrl(): string {
  return (window.HERMESX_CONFIG?.apiBaseUrl ?? "").replace(/\/+$/, "");
}
