// The options objects of the JavaScript API, checked strictly before they
// reach the wasm module: a member of the wrong type is a TypeError, a
// number out of range (or not an integer) a RangeError, never a silent
// default. The wasm module takes the checked values as plain arguments.

type Options = Record<string, unknown>;

/** `options` as an object; `{}` when absent (`undefined` or `null`). */
export function optionsObject(options: unknown, what: string): Options {
  if (options === undefined || options === null) return {};
  if (typeof options !== "object") throw new TypeError(`${what} must be an object`);
  return options as Options;
}

/** A boolean member, `undefined` when absent. */
export function optBool(options: Options, key: string): boolean | undefined {
  const value = options[key];
  if (value !== undefined && typeof value !== "boolean") throw new TypeError(`${key} must be a boolean`);
  return value;
}

/** A string member, `undefined` when absent. */
function optString(options: Options, key: string): string | undefined {
  const value = options[key];
  if (value !== undefined && typeof value !== "string") throw new TypeError(`${key} must be a string`);
  return value;
}

/** An integer member in `0..=max`, `undefined` when absent. */
function optInteger(options: Options, key: string, max: number): number | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  if (typeof value !== "number") throw new TypeError(`${key} must be a number`);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${key} must be an integer in 0..=${max}`);
  }
  return value;
}

/** `createOffer`'s options, checked, with only the members given. */
export function offerOptions(options: unknown): RTCOfferOptions {
  const o = optionsObject(options, "the offer options");
  const checked: Record<string, boolean> = {};
  for (const key of ["iceRestart", "voiceActivityDetection", "offerToReceiveAudio", "offerToReceiveVideo"]) {
    const value = optBool(o, key);
    if (value !== undefined) checked[key] = value;
  }
  return checked;
}

/**
 * A session description given to `setLocalDescription` (`implicit`: none,
 * or one without a `type`, means the one the signaling state calls for)
 * or `setRemoteDescription`, as `{ type, sdp }`; `TypeError` for a value of
 * another shape.
 */
export function sessionDescription(description: unknown, implicit: boolean): RTCSessionDescriptionInit | undefined {
  if (implicit && description == null) return undefined;
  if (typeof description !== "object" || description === null) {
    throw new TypeError("the description must be an RTCSessionDescriptionInit object");
  }
  const { type, sdp = "" } = description as Record<string, unknown>;
  if (implicit && type == null) return undefined;
  if (typeof type !== "string") throw new TypeError("a session description needs a string `type`");
  if (typeof sdp !== "string") throw new TypeError("a session description's `sdp` must be a string");
  return { type: type as RTCSdpType, sdp };
}

const PRIORITIES = ["very-low", "low", "medium", "high"];

/** `createDataChannel`'s options, checked, with only the members given (`id` only for a negotiated channel, as in the browser). */
export function dataChannelInit(init: unknown): RTCDataChannelInit & { priority?: RTCPriorityType } {
  const o = optionsObject(init, "the data channel options");
  const checked: Record<string, unknown> = {
    ordered: optBool(o, "ordered"),
    maxRetransmits: optInteger(o, "maxRetransmits", 0xffff),
    maxPacketLifeTime: optInteger(o, "maxPacketLifeTime", 0xffff),
    protocol: optString(o, "protocol"),
    priority: optString(o, "priority"),
  };
  if (checked["maxRetransmits"] !== undefined && checked["maxPacketLifeTime"] !== undefined) {
    throw new TypeError("maxRetransmits and maxPacketLifeTime cannot both be set");
  }
  const id = optInteger(o, "id", 0xfffe);
  if (optBool(o, "negotiated")) {
    if (id === undefined) throw new TypeError("a negotiated channel needs an id");
    Object.assign(checked, { negotiated: true, id });
  }
  const priority = checked["priority"] as string | undefined;
  if (priority !== undefined && !PRIORITIES.includes(priority)) {
    throw new TypeError(`priority must be very-low, low, medium or high, not "${priority}"`);
  }
  for (const key in checked) if (checked[key] === undefined) delete checked[key];
  return checked;
}

/**
 * Perfect negotiation's options: `[polite, restart, graceMs, maxAttempts,
 * backoffMs, maxBackoffMs, connectTimeoutMs]` (`restart` false for
 * `iceRestart: false`; the policy's members `undefined` for its defaults).
 */
type Millis = number | undefined;

export function negotiationOptions(options: unknown): [boolean, boolean, Millis, Millis, Millis, Millis, Millis] {
  if (typeof options !== "object" || options === null) {
    throw new TypeError("the negotiation options must be an object with `polite`");
  }
  const o = options as Options;
  const polite = optBool(o, "polite");
  if (polite === undefined) throw new TypeError("polite must be true on one side and false on the other");
  const restart = o["iceRestart"];
  const none = undefined;
  if (restart === undefined) return [polite, true, none, none, none, none, none];
  if (restart === false) return [polite, false, none, none, none, none, none];
  if (typeof restart !== "object" || restart === null) {
    throw new TypeError("iceRestart must be a policy object or false");
  }
  const policy = restart as Options;
  const member = (key: string) => optInteger(policy, key, 0xffffffff);
  return [
    polite,
    true,
    member("graceMs"),
    member("maxAttempts"),
    member("backoffMs"),
    member("maxBackoffMs"),
    member("connectTimeoutMs"),
  ];
}
