// A small client of Janus's JSON API over a WebSocket, for the demo's
// multi-party room: a session kept alive, plugin handles, messages with
// JSEP, trickled candidates. The WebRTC side is the npm package's
// PeerConnection; this file speaks only Janus.
const KEEPALIVE_MS = 25_000;

export class JanusSession {
  #ws;
  #pending = new Map();
  #handles = new Map();
  #next = 0;
  #keepalive;
  id = 0;

  static async connect(url) {
    const session = new JanusSession();
    await session.#open(url);
    const created = await session.#call({ janus: "create" }, "success");
    session.id = created.data.id;
    session.#keepalive = setInterval(() => {
      session.#call({ janus: "keepalive" }, "ack").catch((error) => console.warn(`Janus keep-alive: ${error.message}`));
    }, KEEPALIVE_MS);
    return session;
  }

  #open(url) {
    this.#ws = new WebSocket(url, "janus-protocol");
    this.#ws.addEventListener("message", (event) => this.#receive(JSON.parse(event.data)));
    this.#ws.addEventListener("close", () => this.#fail(new Error("the connection to Janus closed")));
    return new Promise((resolve, reject) => {
      this.#ws.addEventListener("open", resolve, { once: true });
      this.#ws.addEventListener("error", () => reject(new Error(`cannot reach Janus at ${url}`)), { once: true });
    });
  }

  // Sends a request; resolves with the reply of the kind awaited
  // ("success", "ack", or "reply": a plugin's event or synchronous answer).
  #call(body, awaits) {
    const transaction = `t${++this.#next}`;
    const request = { ...body, transaction };
    if (this.id) request.session_id = this.id;
    return new Promise((resolve, reject) => {
      this.#pending.set(transaction, { awaits, resolve, reject });
      this.#ws.send(JSON.stringify(request));
    });
  }

  #receive(message) {
    const pending = this.#pending.get(message.transaction);
    const kind = message.janus;
    if (pending !== undefined) {
      const answers =
        kind === "error" ||
        (pending.awaits === "success" && kind === "success") ||
        (pending.awaits === "ack" && kind === "ack") ||
        (pending.awaits === "reply" && (kind === "success" || kind === "event"));
      if (answers) {
        this.#pending.delete(message.transaction);
        const data = message.plugindata?.data;
        if (kind === "error") pending.reject(new Error(`Janus ${message.error.code}: ${message.error.reason}`));
        else if (data?.error) pending.reject(new Error(`Janus plugin ${data.error_code}: ${data.error}`));
        else pending.resolve(message);
        return;
      }
      if (kind === "ack") return;
    }
    this.#handles.get(message.sender)?.dispatch(message);
  }

  #fail(error) {
    clearInterval(this.#keepalive);
    for (const { reject } of this.#pending.values()) reject(error);
    this.#pending.clear();
    for (const handle of this.#handles.values()) handle.dispatch({ janus: "hangup", reason: error.message });
  }

  async attach(plugin, onEvent) {
    const attached = await this.#call({ janus: "attach", plugin }, "success");
    const id = attached.data.id;
    const handle = {
      id,
      dispatch: onEvent,
      message: async (body, jsep) => {
        const reply = await this.#call({ janus: "message", handle_id: id, body, ...(jsep ? { jsep } : {}) }, "reply");
        return { data: reply.plugindata?.data, jsep: reply.jsep };
      },
      trickle: (candidate) =>
        this.#call({ janus: "trickle", handle_id: id, candidate: candidate ?? { completed: true } }, "ack"),
      detach: () => {
        this.#handles.delete(id);
        return this.#call({ janus: "detach", handle_id: id }, "success");
      },
    };
    this.#handles.set(id, handle);
    return handle;
  }

  close() {
    clearInterval(this.#keepalive);
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.send(JSON.stringify({ janus: "destroy", session_id: this.id, transaction: "destroy" }));
    this.#ws.close();
  }
}

// What Janus sends one handle, for its connection `pc`: `take(message)`
// applies Janus's trickled candidates (true when the message was one),
// holding those that arrive before Janus's description (Janus trickles as
// soon as it gathers) until `ready()`, called once that description is set,
// adds them (its promise rejects if one is refused; a refusal later goes to
// `onRefused`). `up` settles when Janus says the connection is up (a
// publisher's feed can be subscribed to from then on).
export function janusCandidates(pc, onRefused) {
  let held = [];
  let isUp;
  const up = new Promise((resolve) => (isUp = resolve));
  return {
    up,
    take(message) {
      if (message.janus === "webrtcup") isUp();
      if (message.janus !== "trickle") return false;
      const candidate = message.candidate?.completed ? null : message.candidate;
      if (held === null) pc.addIceCandidate(candidate).catch(onRefused);
      else held.push(candidate);
      return true;
    },
    ready() {
      const waiting = held ?? [];
      held = null;
      return Promise.all(waiting.map((candidate) => pc.addIceCandidate(candidate)));
    },
  };
}
