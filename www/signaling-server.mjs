// The demo's signaling server: WebSocket rooms of two peers at
// ws://HOST/signal/<room>. It relays each text frame of one peer to the
// other, and speaks for itself only in frames with a "room" key:
//
//   {"room": {"polite": false, "peers": 1}}   to a peer that joined: its role
//                                             and how many are in the room
//   {"room": {"peers": 2}}                    the other peer joined
//   {"room": {"peers": 1, "left": true}}      the other peer left
//
// The first peer in a room is the impolite one; whoever joins takes the
// role that is free. A third peer is refused (close code 4001), as are a
// bad room name (4000) and frames over 64 KiB (1009).
//
// `npm start` attaches it to the webpack dev server, and the end-to-end
// test to the server of the built demo; the page connects to the origin it
// was served from.
import { WebSocketServer } from "ws";

const PREFIX = "/signal/";
const ROOM = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_FRAME = 64 * 1024;

/**
 * Answers WebSocket upgrades under /signal/ on `server` (an http.Server),
 * leaving other upgrades (a dev server's own socket) to their owners.
 * Returns a function that closes every room.
 */
export function attachSignaling(server) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME });
  const rooms = new Map();
  const onUpgrade = (req, socket, head) => {
    const { pathname } = new URL(req.url, "http://x");
    if (!pathname.startsWith(PREFIX)) return;
    wss.handleUpgrade(req, socket, head, (ws) => join(ws, decodeURIComponent(pathname.slice(PREFIX.length))));
  };
  server.on("upgrade", onUpgrade);

  function join(ws, name) {
    // A frame over the limit or a protocol error: ws closes the socket
    // (1009, 1002) and then reports "close" as well.
    ws.on("error", (error) => console.warn(`[signaling] room ${name}: ${error.message}`));
    if (!ROOM.test(name)) {
      ws.close(4000, "a room name is 1 to 64 letters, digits, - or _");
      return;
    }
    const room = rooms.get(name) ?? [];
    if (room.length >= 2) {
      ws.close(4001, "the room has two peers already");
      return;
    }
    rooms.set(name, room);
    const polite = room.length === 1 && !room[0].polite;
    const me = { ws, polite };
    room.push(me);
    const tell = (peer, message) => peer.ws.send(JSON.stringify({ room: message }));
    tell(me, { polite, peers: room.length });
    for (const peer of room) if (peer !== me) tell(peer, { peers: room.length });
    ws.on("message", (data, isBinary) => {
      if (isBinary) return;
      for (const peer of room) if (peer !== me) peer.ws.send(data.toString());
    });
    ws.on("close", () => {
      room.splice(room.indexOf(me), 1);
      if (room.length === 0) rooms.delete(name);
      for (const peer of room) tell(peer, { peers: room.length, left: true });
    });
  }

  return () => {
    server.off("upgrade", onUpgrade);
    for (const client of wss.clients) client.terminate();
    wss.close();
  };
}
