// A webhook receiver for the integration tests: it verifies every request's signature with the
// `standardwebhooks` package (a third-party implementation of the Standard Webhooks specification)
// and answers as told. It prints {"port": N} once listening on 127.0.0.1; the test then drives it:
//   POST /_control {"secret": "whsec_...", "mode": "ok" | "fail-first:N" | "always-fail" | "hang-first"}
//   GET  /_log     every request so far: webhook-id, timestamp, signature check, answer, body, remote port
// Any other POST is a delivery.
import http from "node:http";
import { Webhook } from "standardwebhooks";

let secret = null;
let mode = "ok";
const log = [];

function answerFor(n) {
  if (mode === "always-fail") return 500;
  if (mode.startsWith("fail-first:")) return n <= Number(mode.slice("fail-first:".length)) ? 500 : 200;
  if (mode === "hang-first") return n === 1 ? null : 200;
  return 200;
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    if (req.url === "/_control" && req.method === "POST") {
      const control = JSON.parse(body);
      secret = control.secret ?? secret;
      mode = control.mode ?? mode;
      res.writeHead(204).end();
      return;
    }
    if (req.url === "/_log") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(log));
      return;
    }
    let verified = false;
    let verifyError = null;
    try {
      new Webhook(secret).verify(body, {
        "webhook-id": req.headers["webhook-id"],
        "webhook-timestamp": req.headers["webhook-timestamp"],
        "webhook-signature": req.headers["webhook-signature"],
      });
      verified = true;
    } catch (e) {
      verifyError = String(e?.message ?? e);
    }
    const n = log.filter((r) => r.path !== "/_control").length + 1;
    const status = answerFor(n);
    log.push({
      n,
      path: req.url,
      webhook_id: req.headers["webhook-id"] ?? null,
      webhook_timestamp: req.headers["webhook-timestamp"] ?? null,
      verified,
      verify_error: verifyError,
      status,
      remote_port: req.socket.remotePort,
      body: (() => { try { return JSON.parse(body); } catch { return body; } })(),
    });
    if (status !== null) res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "failing on purpose");
    // null: never answered; the socket stays open until the sender goes away.
  });
});

server.listen(0, "127.0.0.1", () => {
  console.log(JSON.stringify({ port: server.address().port }));
});
