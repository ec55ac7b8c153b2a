// End-to-end run of the console in Debian's chromium against a real HermesX silo.
//   HERMESX_URL=http://127.0.0.1:PORT HERMESX_ACP_TOKEN=… node e2e/console.e2e.mjs
//   FAKE_LLM_URL=http://127.0.0.1:PORT (the fake LLM the silo calls: the run scripts slow replies through it)
//   MCP_SERVER_URL=http://127.0.0.1:PORT/mcp (an MCP server listing "echo", which the silo may call)
//   MCP_BEARER_TOKEN=… (typed into the MCP server form; the caller checks the server received it)
// Optional: CHROMIUM (default /usr/bin/chromium), SCREENSHOTS (directory for page screenshots).
// Exits 0 when every step passed, 1 with the failing step otherwise.
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const base = required("HERMESX_URL").replace(/\/+$/, "");
const acpToken = required("HERMESX_ACP_TOKEN");
const fakeLlm = required("FAKE_LLM_URL").replace(/\/+$/, "");
const mcpUrl = required("MCP_SERVER_URL");
const mcpToken = required("MCP_BEARER_TOKEN");
const screenshots = process.env.SCREENSHOTS;
const tenantId = `e2e-${Date.now().toString(36)}`;
const skillName = "e2e-greeter";
const timeout = 30_000;

function required(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`${name} is required`);
    process.exit(2);
  }
  return v;
}

let stepName = "start";
let steps = 0;
async function step(name, run) {
  stepName = name;
  const started = Date.now();
  await run();
  steps++;
  console.log(`ok ${steps} - ${name} (${Date.now() - started} ms)`);
}

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

const userDataDir = mkdtempSync(join(tmpdir(), "hermesx-e2e-chromium-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  viewport: { width: 1280, height: 860 },
});
context.setDefaultTimeout(timeout);
const page = context.pages()[0] ?? (await context.newPage());
const requestedUrls = [];
const problems = [];
page.on("request", (r) => requestedUrls.push(r.url()));
page.on("console", (m) => {
  if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text())) {
    problems.push(`CSP violation: ${m.text()}`);
  }
});
page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));

const shot = async (name) => {
  if (screenshots) {
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: false });
  }
};
async function scriptLlm(replies) {
  const r = await fetch(`${fakeLlm}/_fake/script`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(replies) });
  check(r.ok, `the fake LLM refused the script: ${r.status}`);
}
const nav = (label) => page.getByRole("navigation").getByRole("link", { name: label, exact: true }).click();
const storageHolds = async (secret) =>
  page.evaluate((s) => {
    const all = [];
    for (const store of [localStorage]) {
      for (let i = 0; i < store.length; i++) all.push(store.key(i) + "=" + store.getItem(store.key(i)));
    }
    return all.some((e) => e.includes(s));
  }, secret);

/** The API as a script calls it, beside the browser: a JSON answer or a failed step. */
async function apiJson(path, bearer, body) {
  const r = await fetch(`${base}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { Authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  check(r.ok, `${path} answered ${r.status}`);
  return r.json();
}
/** The texts of a table's rows, by column heading. */
const tableRows = (table) =>
  table.evaluate((t) => {
    const headings = [...t.querySelectorAll("thead th")].map((h) => h.textContent.trim());
    return [...t.querySelectorAll("tbody tr")].map((tr) => Object.fromEntries([...tr.querySelectorAll("td")].map((td, i) => [headings[i], td.textContent.trim()])));
  });

let firstKey = "";
let tenantKey = "";
let tenantKeyId = "";
let otherUserKeyId = "";
let allowedModel = "";
try {
  await step("an unknown client route shows the sign-in page", async () => {
    await page.goto(`${base}/some/client/route`);
    await page.getByRole("heading", { name: "Sign in to HermesX" }).waitFor();
    check(new URL(page.url()).pathname === "/signin", `expected /signin, got ${page.url()}`);
  });

  await step("the first-run page mints the first admin key once, with a copy button", async () => {
    await page.getByRole("link", { name: "Create the first admin key" }).click();
    await page.getByLabel("Platform admin token").fill(acpToken);
    await page.getByRole("button", { name: "Create the first admin key" }).click();
    await page.getByText("You will not see this again").waitFor();
    await page.getByRole("button", { name: "Copy key" }).waitFor();
    firstKey = (await page.getByTestId("secret-value").innerText()).trim();
    check(firstKey.startsWith("hk_"), `the first key looks wrong: ${firstKey.slice(0, 6)}…`);
    await shot("bootstrap");
    await page.goto(`${base}/bootstrap`);
    await page.getByText("Bootstrap already ran").waitFor();
  });

  await step("the platform admin signs in and sees the cluster overview", async () => {
    await page.goto(`${base}/signin`);
    await page.getByLabel("Platform admin token or API key").fill(acpToken);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Cluster overview" }).waitFor();
    await page.getByTestId("silos").getByRole("row").nth(1).waitFor();
    await page.getByRole("img", { name: "Requests and errors per second" }).waitFor({ timeout: 20_000 });
    check((await page.getByRole("navigation").getByRole("link", { name: "Chat", exact: true }).count()) === 0, "the platform admin is offered tenant pages");
    await shot("cluster-overview");
  });

  await step("the platform admin creates a tenant", async () => {
    await nav("Tenants");
    await page.getByRole("button", { name: "Create tenant" }).click();
    const dialog = page.getByRole("dialog", { name: "Create tenant" });
    await dialog.getByLabel("Tenant id").fill(tenantId);
    await dialog.getByLabel("Tenant name").fill("E2E Corp");
    await dialog.getByRole("button", { name: "Create" }).click();
    await page.getByRole("heading", { name: `Tenant ${tenantId}` }).waitFor();
  });

  await step("the platform admin creates the tenant's admin key and sees it once", async () => {
    await page.getByRole("button", { name: "Create key" }).click();
    const dialog = page.getByRole("dialog", { name: "Create API key" });
    await dialog.getByLabel("Key name").fill("e2e-admin");
    await dialog.getByRole("group", { name: "Roles" }).getByRole("checkbox", { name: "admin", exact: true }).check();
    await dialog.getByRole("group", { name: "Roles" }).getByRole("checkbox", { name: "user", exact: true }).uncheck();
    await dialog.getByRole("button", { name: "Create" }).click();
    await page.getByText("You will not see this again").waitFor();
    tenantKey = (await page.getByTestId("secret-value").innerText()).trim();
    check(tenantKey.startsWith("hk_"), "no raw key shown");
    await page.keyboard.press("Escape");
    await page.getByRole("cell", { name: "e2e-admin", exact: true }).waitFor();
    await shot("tenant-detail");
    await nav("Tenants");
    await page.getByRole("link", { name: tenantId }).waitFor();
    await shot("tenants");
  });

  await step("the platform admin sets the tenant's model allow-list and USD budgets, then lifts one", async () => {
    // The whole catalog (the platform token sees it): the tenant keeps one model, which the chats below use.
    allowedModel = (await apiJson("/v1/models", acpToken)).data[0].id;
    await page.getByRole("link", { name: tenantId }).click();
    const limits = page.getByRole("form", { name: "Models and spend limits" });
    await limits.getByLabel("Models", { exact: true }).fill(`${allowedModel}, e2e-extra-*`);
    await limits.getByLabel("Daily budget (USD)", { exact: true }).fill("50");
    await limits.getByLabel("Monthly budget (USD)", { exact: true }).fill("500");
    await limits.getByLabel("Daily budget per end user (USD)", { exact: true }).fill("20.5");
    await limits.getByRole("button", { name: "Save limits" }).click();
    await limits.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    let stored = await apiJson(`/v1/tenants/${tenantId}`, acpToken);
    check(JSON.stringify(stored.models) === JSON.stringify([allowedModel, "e2e-extra-*"]), `the tenant's models were not stored: ${JSON.stringify(stored.models)}`);
    check(stored.daily_budget_usd === 50 && stored.monthly_budget_usd === 500 && stored.user_daily_budget_usd === 20.5,
      `the tenant's budgets were not stored: ${JSON.stringify(stored)}`);
    await limits.getByLabel("Monthly budget (USD)", { exact: true }).fill("");
    await limits.getByRole("button", { name: "Save limits" }).click();
    await limits.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    stored = await apiJson(`/v1/tenants/${tenantId}`, acpToken);
    check(stored.monthly_budget_usd === null && stored.daily_budget_usd === 50, `emptying the monthly budget did not lift it: ${JSON.stringify(stored)}`);
    await limits.getByLabel("Daily budget (USD)", { exact: true }).fill("lots");
    await limits.getByRole("button", { name: "Save limits" }).click();
    await limits.getByText("A number of US dollars, 0 or more, with at most 6 decimals").waitFor();
    await limits.getByLabel("Daily budget (USD)", { exact: true }).fill("50");
    await shot("tenant-limits");
  });

  await step("another user of the tenant chats through the API", async () => {
    tenantKeyId = (await apiJson("/v1/me", tenantKey)).identity;
    check(tenantKeyId.startsWith("key_"), `the admin key's id looks wrong: ${tenantKeyId}`);
    const other = await apiJson(`/admin/v1/tenants/${tenantId}/api-keys`, acpToken, { name: "e2e-user", roles: ["user"] });
    otherUserKeyId = other.id;
    const models = await apiJson("/v1/models", other.key);
    await apiJson("/v1/chat/completions", other.key, { model: models.data[0].id, messages: [{ role: "user", content: "Hello from another user" }] });
  });

  await step("signing out forgets the credential", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in to HermesX" }).waitFor();
    const stored = await page.evaluate(() => sessionStorage.length + localStorage.length);
    check(stored === 0, `storage still holds ${stored} entries after sign-out`);
  });

  await step("the tenant admin signs in and chats: the streamed answer and the tool event appear", async () => {
    await page.getByLabel("Platform admin token or API key").fill(tenantKey);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Chat" }).waitFor();
    check(await page.getByTestId("whoami").innerText().then((t) => t.includes(tenantId)), "the header does not name the tenant");
    check((await page.getByRole("link", { name: "Tenants", exact: true }).count()) === 0, "a tenant admin is offered platform pages");
    const model = page.getByRole("textbox", { name: "Model" });
    await page.waitForFunction(() => {
      const input = document.querySelector('input[aria-label="Model"]');
      return input instanceof HTMLInputElement && input.value.length > 0;
    });
    check((await model.inputValue()).length > 0, "no model chosen");
    const message = page.getByRole("textbox", { name: "Message" });
    await message.fill("What time is it?");
    await message.press("Shift+Enter");
    await message.pressSequentially("call:current_time");
    check((await message.inputValue()).includes("\n"), "Shift+Enter did not add a line");
    await message.press("Enter");
    await page.getByTestId("tool-event").filter({ hasText: "current_time" }).waitFor();
    await page.getByTestId("assistant-text").filter({ hasText: "current_time tool returned" }).waitFor();
    await page.getByTestId("tool-event").getByRole("link", { name: "receipt" }).waitFor();
    check((await message.inputValue()) === "", "the message box was not cleared");
    // The address takes the session once the stream has ended, a moment after the last text shows.
    await page.waitForURL(/\/chat\/sess_[0-9a-f]+$/, { timeout: 10_000 }).catch(() => {});
    check(/\/chat\/sess_[0-9a-f]+$/.test(page.url()), `the session is not in the address: ${page.url()}`);
    await shot("chat");
  });

  await step("tokens appear while the answer streams, and Stop aborts a turn", async () => {
    const message = page.getByRole("textbox", { name: "Message" });
    const stop = page.getByRole("button", { name: "Stop" });
    await scriptLlm([{ chunks: ["Streaming ", "one ", "piece ", "at ", "a ", "time."], chunk_delay_ms: 600 }]);
    await message.fill("Stream to me");
    await message.press("Enter");
    const answer = page.getByTestId("assistant-text").last();
    await answer.filter({ hasText: "Streaming" }).waitFor();
    check(await stop.isVisible(), "the first tokens arrived only after the turn ended");
    check(!(await answer.innerText()).includes("time."), "the whole answer arrived at once");
    await answer.filter({ hasText: "Streaming one piece at a time." }).waitFor();
    await stop.waitFor({ state: "detached" });

    await scriptLlm([{ chunks: ["This ", "answer ", "is ", "never ", "finished ", "by ", "the ", "model."], chunk_delay_ms: 2500 }]);
    await message.fill("Talk slowly");
    await message.press("Enter");
    await page.getByTestId("assistant-text").last().filter({ hasText: "This" }).waitFor();
    await stop.click();
    await page.getByText("Stopped.").waitFor();
    check(!(await page.getByTestId("assistant-text").last().innerText()).includes("model."), "the stopped turn still finished");
  });

  await step("the tool's receipt opens from the chat", async () => {
    await page.getByTestId("tool-event").getByRole("link", { name: "receipt" }).first().click();
    await page.getByRole("heading", { name: "Execution receipts" }).waitFor();
    await page.getByRole("cell", { name: "current_time" }).first().waitFor();
  });

  await step("a skill with a front-matter error is refused at its line, then a valid one is saved", async () => {
    await nav("Skills");
    await page.getByRole("button", { name: "New skill" }).click();
    const editor = page.getByRole("textbox", { name: "SKILL.md" });
    await editor.fill(`---\nname: ${skillName}\ndescription: [unclosed\n---\n# Greeter\nSay hello.\n`);
    await page.getByRole("button", { name: "Save skill" }).click();
    await page.getByRole("alert").filter({ hasText: "line 3" }).first().waitFor();
    await shot("skills-error");
    await editor.fill(`---\nname: ${skillName}\ndescription: Greets people politely\nversion: 1.0.0\n---\n# Greeter\nSay hello.\n`);
    await page.getByRole("button", { name: "Save skill" }).click();
    await page.getByRole("cell", { name: "Greets people politely" }).waitFor();
    await shot("skills");
  });

  await step("usage shows the chat turn in the chart's data", async () => {
    await nav("Usage");
    await page.getByRole("img", { name: "Tokens per day" }).waitFor();
    const rows = page.getByTestId("usage-table").getByRole("row");
    await rows.nth(1).waitFor();
    const cells = await rows.nth(1).getByRole("cell").allInnerTexts();
    check(Number(cells[1]) >= 1 && Number(cells[2]) > 0, `usage row has no turn: ${cells.join(" | ")}`);
    await shot("usage");
  });

  await step("usage shows the turn's spend per API key and per model, budgets beside each key", async () => {
    for (const table of ["spend-per-key", "spend-per-model"]) {
      const rows = page.getByTestId(table).getByRole("row");
      await rows.nth(1).waitFor();
      const all = await Promise.all((await rows.all()).slice(1).map((r) => r.getByRole("cell").allInnerTexts()));
      check(all.some((cells) => Number(cells[1]) >= 1), `${table} has no turn: ${JSON.stringify(all)}`);
      if (table === "spend-per-key") {
        check(all.every((cells) => /no limit|of \$|—/.test(cells[5])), `${table} has no budget column: ${JSON.stringify(all)}`);
      }
    }
    await page.getByTestId("tenant-budget").waitFor();
  });

  await step("the audit log lists the tenant's requests", async () => {
    await nav("Audit log");
    await page.getByRole("cell", { name: "POST /v1/chat/completions" }).first().waitFor();
    await shot("audit");
  });

  await step("the audit log hides routine reads until asked, and shows writes", async () => {
    const table = page.getByRole("table");
    const rows = await tableRows(table);
    check(rows.some((r) => r.Action === "POST /v1/chat/completions"), "the chat turn is not listed");
    const reads = rows.filter((r) => /^(GET|HEAD) /.test(r.Action) && Number(r.Status) < 400);
    check(reads.length === 0, `routine reads are listed: ${reads.map((r) => r.Action).join(", ")}`);
    const toggle = page.getByRole("switch", { name: /^Hide routine reads/ });
    check(await toggle.isChecked(), "the audit view does not hide routine reads by default");
    await toggle.uncheck({ force: true });
    await page.getByRole("cell", { name: /^GET \/v1\// }).first().waitFor();
  });

  await step("the API keys page shows each key's id", async () => {
    await nav("API keys");
    const table = page.getByRole("table");
    await table.getByRole("cell", { name: "e2e-user", exact: true }).waitFor();
    const rows = await tableRows(table);
    const ids = Object.fromEntries(rows.map((r) => [r.Name, r["Key id"]]));
    check(ids["e2e-admin"] === tenantKeyId, `e2e-admin shows key id ${ids["e2e-admin"]}, expected ${tenantKeyId}`);
    check(ids["e2e-user"] === otherUserKeyId, `e2e-user shows key id ${ids["e2e-user"]}, expected ${otherUserKeyId}`);
  });

  await step("the tenant admin edits a key's models and budgets; the API stores them and the spend view shows them", async () => {
    await page.getByRole("button", { name: "Edit key e2e-user" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit key e2e-user" });
    await dialog.getByLabel("Models", { exact: true }).fill(allowedModel);
    await dialog.getByLabel("Daily budget (USD)", { exact: true }).fill("3");
    await dialog.getByLabel("Monthly budget (USD)", { exact: true }).fill("30");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByRole("cell", { name: "$3.00 a day · $30.00 a month" }).waitFor();
    const key = (await apiJson("/v1/api-keys", tenantKey)).data.find((k) => k.id === otherUserKeyId);
    check(JSON.stringify(key?.models) === JSON.stringify([allowedModel]) && key.daily_budget_usd === 3 && key.monthly_budget_usd === 30,
      `the key's models and budgets were not stored: ${JSON.stringify(key)}`);
    await nav("Usage");
    const table = page.getByTestId("spend-per-key");
    await table.getByRole("cell", { name: "e2e-user", exact: true }).waitFor();
    const row = (await tableRows(table)).find((r) => r.Key === "e2e-user");
    check(/of \$3\.00/.test(row?.["Today / daily budget"] ?? "") && /of \$30\.00/.test(row?.["This month / monthly budget"] ?? ""),
      `the spend view does not show the key's new budgets: ${JSON.stringify(row)}`);
    await nav("API keys");
    await page.getByRole("button", { name: "Edit key e2e-user" }).waitFor();
  });

  await step("the webhooks page adds an endpoint, shows its secret once, lists it and deletes it", async () => {
    await nav("Webhooks");
    const url = "https://203.0.113.14/e2e-hook";
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const dialog = page.getByRole("dialog", { name: "Add webhook endpoint" });
    await dialog.getByLabel("URL").fill(url);
    await dialog.getByRole("checkbox", { name: "budget.threshold_crossed", exact: true }).check();
    await dialog.getByRole("button", { name: "Create" }).click();
    await page.getByText("You will not see this secret again").waitFor();
    const secret = (await page.getByTestId("secret-value").innerText()).trim();
    check(secret.startsWith("whsec_"), `no signing secret shown: ${secret.slice(0, 6)}`);
    const registered = (await apiJson("/v1/webhooks", tenantKey)).data.find((w) => w.url === url);
    check(JSON.stringify([...(registered?.events ?? [])].sort()) === JSON.stringify(["budget.threshold_crossed", "response.completed"]),
      `the endpoint's events were not stored as chosen: ${JSON.stringify(registered)}`);
    await page.keyboard.press("Escape");
    await page.getByText(url, { exact: true }).waitFor();
    await page.getByText("No deliveries yet.").waitFor();
    check(!(await page.content()).includes(secret), "the secret is still on the page after its dialog closed");
    await shot("webhooks");
    await page.getByRole("button", { name: `Delete endpoint ${url}` }).click();
    await page.getByText(url, { exact: true }).waitFor({ state: "detached" });
  });

  await step("the MCP servers page shows the API's refusal, adds a server, tests it and removes it after confirming", async () => {
    await nav("MCP servers");
    await page.getByText("No MCP servers yet.").waitFor();
    await page.getByRole("button", { name: "Add server" }).click();
    const dialog = page.getByRole("dialog", { name: "Add MCP server" });
    await dialog.getByLabel("Label").fill("bad__label");
    await dialog.getByLabel("URL").fill(mcpUrl);
    await dialog.getByRole("button", { name: "Add server" }).click();
    await dialog.getByRole("alert").filter({ hasText: "'server_label' is required" }).waitFor();
    check((await apiJson("/v1/mcp/servers", tenantKey)).data.length === 0, "a refused server was stored");

    const headerSecret = `e2e-header-${Date.now()}`;
    await dialog.getByLabel("Label").fill("e2e-tools");
    await dialog.getByLabel("Bearer token").fill(mcpToken);
    await dialog.getByRole("button", { name: "Add header" }).click();
    await dialog.getByLabel("Header 1 name").fill("X-Api-Key");
    await dialog.getByLabel("Header 1 value").fill(headerSecret);
    await dialog.getByLabel("Allowed tools").fill("echo");
    await dialog.getByRole("button", { name: "Add server" }).click();
    await dialog.waitFor({ state: "detached" });
    const table = page.getByRole("table", { name: "MCP servers" });
    await table.getByText("e2e-tools", { exact: true }).waitFor();
    const row = (await tableRows(table)).find((r) => r.Label.startsWith("e2e-tools"));
    check(row?.Health === "ok" && row?.Tools === "echo" && row?.["Allowed tools"] === "echo" && row?.Credentials === "X-Api-Key, bearer token",
      `the server is not listed as registered: ${JSON.stringify(row)}`);
    const stored = (await apiJson("/v1/mcp/servers", tenantKey)).data.find((s) => s.server_label === "e2e-tools");
    check(stored?.server_url === mcpUrl && JSON.stringify(stored.allowed_tools) === JSON.stringify(["echo"]) && stored.has_bearer_token
      && JSON.stringify(stored.header_names) === JSON.stringify(["X-Api-Key"]) && stored.health === "ok",
      `the server was not stored as entered: ${JSON.stringify(stored)}`);
    const html = await page.content();
    check(!html.includes(mcpToken) && !html.includes(headerSecret), "a credential of the MCP server is still on the page");
    await shot("mcp-servers");

    const refreshed = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith(`/v1/mcp/servers/${stored.id}/refresh`));
    await page.getByRole("button", { name: "Test e2e-tools" }).click();
    const answer = await refreshed;
    const tested = await answer.json();
    check(answer.status() === 200 && tested.health === "ok" && tested.tools.map((t) => t.name).join(",") === "echo",
      `the test of the server answered ${answer.status()}: ${JSON.stringify(tested)}`);
    check(Date.parse(tested.checked_at) >= Date.parse(stored.checked_at), "the test did not contact the server again");

    await page.getByRole("button", { name: "Remove e2e-tools" }).click();
    const confirm = page.getByRole("dialog", { name: "Remove MCP server e2e-tools" });
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await confirm.waitFor({ state: "detached" });
    check((await apiJson("/v1/mcp/servers", tenantKey)).data.length === 1, "cancelling removed the server");
    await page.getByRole("button", { name: "Remove e2e-tools" }).click();
    await confirm.getByRole("button", { name: "Remove server" }).click();
    await table.getByText("e2e-tools", { exact: true }).waitFor({ state: "detached" });
    check((await apiJson("/v1/mcp/servers", tenantKey)).data.length === 0, "the removed server is still listed by the API");
  });

  await step("the sessions list names each session's owner", async () => {
    await nav("Sessions");
    const table = page.getByRole("table");
    // The keys page just left shows the same key ids: wait for the sessions table itself.
    await table.getByRole("columnheader", { name: "Owner" }).waitFor();
    await table.getByRole("cell", { name: otherUserKeyId, exact: true }).waitFor();
    const owners = (await tableRows(table)).map((r) => r.Owner);
    check(owners.includes(`${tenantKeyId} (you)`), `the tenant admin's own sessions are not marked: ${owners.join(", ")}`);
    check(owners.includes(otherUserKeyId), `the other user's session names no owner: ${owners.join(", ")}`);
  });

  await step("the layout works at 360 px", async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByRole("button", { name: "Toggle navigation" }).click();
    await page.getByRole("navigation").getByRole("link", { name: "API keys", exact: true }).click();
    await page.getByRole("button", { name: "Create key" }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    check(overflow <= 1, `the page scrolls sideways by ${overflow}px at 360px`);
    await shot("mobile-keys");
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  await step("revoking its own key signs the tenant admin out with a clear message", async () => {
    await page.goto(`${base}/keys`);
    await page.getByRole("button", { name: "Revoke key e2e-admin" }).click();
    await page.getByRole("heading", { name: "Sign in to HermesX" }).waitFor();
    await page.getByRole("status").filter({ hasText: "refused your credential" }).waitFor();
    check((await page.evaluate(() => sessionStorage.getItem("hermesx.credential"))) === null, "the revoked key is still stored");
  });

  await step("keys never reach localStorage nor any requested URL; no CSP violation", async () => {
    for (const secret of [acpToken, firstKey, tenantKey]) {
      check(!(await storageHolds(secret)), "a credential is in localStorage");
      const leaked = requestedUrls.find((u) => u.includes(secret) || decodeURIComponent(u).includes(secret));
      check(!leaked, `a credential is in a requested URL: ${leaked?.slice(0, 80)}`);
    }
    check(requestedUrls.length > 20, `only ${requestedUrls.length} requests were seen`);
    check(problems.length === 0, problems.join("\n"));
  });
  console.log(`${steps} passed, 0 failed`);
} catch (e) {
  console.error(`not ok ${steps + 1} - ${stepName}: ${e instanceof Error ? e.message : e}`);
  if (problems.length) console.error(problems.join("\n"));
  await shot("failure").catch(() => {});
  console.log(`${steps} passed, 1 failed`);
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
