// Served beside the console. Empty apiBaseUrl: the API is this page's own origin (a silo serves both).
window.HERMESX_CONFIG = { apiBaseUrl: "" };
