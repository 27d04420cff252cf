// Services the browser tests use, on loopback only:
//   POST /turn/stop, POST /turn/start  stop or start the test coturn
//                                      (through scripts/turn.sh), for the
//                                      ICE-restart fault test;
//   POST /janus/block/<port>,          drop UDP to and from one of Janus's
//   POST /janus/unblock                media ports, and lift it (through
//                                      scripts/janus.sh), for the Janus
//                                      network-failure test;
//   ws://.../signal/<room>             a WebSocket signaling relay: each
//                                      text message goes to the other
//                                      sockets of the same room.
// Usage: node scripts/test-services.mjs <port>
import { execFile } from "node:child_process";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { WebSocketServer } from "ws";

const port = Number(process.argv[2] ?? 34781);
const scripts = dirname(fileURLToPath(import.meta.url));

function run(script, args) {
  return new Promise((ok) => {
    execFile("bash", [join(scripts, script), ...args], (error, stdout, stderr) => {
      ok({ ok: !error, output: `${stdout}${stderr}`.trim() });
    });
  });
}

// The script and arguments a control request asks for, if any.
function control(url) {
  const turn = { "/turn/stop": ["stop"], "/turn/start": ["start"] }[url];
  if (turn) return ["turn.sh", turn];
  if (url === "/janus/unblock") return ["janus.sh", ["unblock"]];
  const block = /^\/janus\/block\/(\d{1,5})$/.exec(url);
  if (block) return ["janus.sh", ["block", block[1]]];
  return null;
}

const server = createServer(async (req, res) => {
  res.setHeader("access-control-allow-origin", "*");
  res.setHeader("access-control-allow-methods", "POST, OPTIONS");
  if (req.method === "OPTIONS") {
    res.writeHead(204).end();
    return;
  }
  const action = control(req.url);
  if (req.method !== "POST" || !action) {
    res.writeHead(404).end();
    return;
  }
  const result = await run(...action);
  res.writeHead(result.ok ? 200 : 500, { "content-type": "text/plain" }).end(result.output);
});

const rooms = new Map();
const sockets = new WebSocketServer({ server });
sockets.on("connection", (socket, req) => {
  const room = req.url;
  if (!rooms.has(room)) rooms.set(room, new Set());
  const members = rooms.get(room);
  members.add(socket);
  socket.on("message", (data, isBinary) => {
    for (const other of members) {
      if (other !== socket && other.readyState === other.OPEN) other.send(data, { binary: isBinary });
    }
  });
  socket.on("close", () => {
    members.delete(socket);
    if (members.size === 0) rooms.delete(room);
  });
});

server.listen(port, "127.0.0.1", () => {
  console.error(`[services] listening on 127.0.0.1:${port}`);
});
