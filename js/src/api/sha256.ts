// An incremental SHA-256 (FIPS 180-4) for file transfers: Web Crypto's
// digest() takes the whole input at once, and a transfer hashes its content
// chunk by chunk as it passes. Small on purpose (the package's size budget);
// the tests check it against crypto.subtle.

const K = new Int32Array(64);
{
  // The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
  let n = 0;
  for (let candidate = 2; n < 64; candidate++) {
    let prime = true;
    for (let d = 2; d * d <= candidate; d++) if (candidate % d === 0) prime = false;
    if (prime) K[n++] = ((Math.cbrt(candidate) % 1) * 2 ** 32) | 0;
  }
}

/** @internal */
export class Sha256 {
  readonly #h = Int32Array.of(
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  );
  readonly #w = new Int32Array(64);
  /** The bytes of an unfinished block. */
  readonly #block = new Uint8Array(64);
  #used = 0;
  #length = 0;

  /** Hashes the 64-byte block of `bytes` at `at`. */
  #compress(bytes: Uint8Array, at: number): void {
    const w = this.#w;
    const h = this.#h;
    for (let i = 0; i < 16; i++, at += 4) {
      w[i] = (bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
    }
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15];
      const b = w[i - 2];
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    let a = h[0];
    let b = h[1];
    let c = h[2];
    let d = h[3];
    let e = h[4];
    let f = h[5];
    let g = h[6];
    let hh = h[7];
    for (let i = 0; i < 64; i++) {
      const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (hh + s1 + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
      const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  }

  /** Adds `bytes` to the hashed content. */
  update(bytes: Uint8Array): void {
    this.#length += bytes.length;
    let at = 0;
    if (this.#used > 0) {
      at = Math.min(64 - this.#used, bytes.length);
      this.#block.set(bytes.subarray(0, at), this.#used);
      this.#used += at;
      if (this.#used < 64) return;
      this.#compress(this.#block, 0);
      this.#used = 0;
    }
    for (; at + 64 <= bytes.length; at += 64) this.#compress(bytes, at);
    this.#block.set(bytes.subarray(at), 0);
    this.#used = bytes.length - at;
  }

  /** The hash of everything added, as 64 lowercase hex digits (the hash cannot take more bytes after). */
  hex(): string {
    const bits = this.#length * 8;
    const tail = new Uint8Array(this.#used < 56 ? 64 - this.#used : 128 - this.#used);
    tail[0] = 0x80;
    const view = new DataView(tail.buffer);
    view.setUint32(tail.length - 8, Math.floor(bits / 2 ** 32));
    view.setUint32(tail.length - 4, bits >>> 0);
    this.update(tail);
    return [...this.#h].map((word) => (word >>> 0).toString(16).padStart(8, "0")).join("");
  }
}
