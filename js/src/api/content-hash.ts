// The content hash of a file transfer (the wire format's, see the Rust
// crate's `transfer` module): the SHA-256 of the SHA-256 digests of the
// content's 4 MiB blocks. Each block is hashed by Web Crypto, natively and
// off the page's thread; where the page has no Web Crypto (an insecure
// context), by the incremental SHA-256 below. Small on purpose (the
// package's size budget); the tests check both against the definition.

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

/** The message schedule, shared (nothing else runs while a hash computes). */
const W = new Int32Array(64);

/**
 * Hashes the whole 64-byte blocks of `view` from `at` to `end` into
 * `state` (in one call, so that the state stays in locals).
 */
function compress(state: Int32Array, view: DataView, at: number, end: number): void {
  let h0 = state[0];
  let h1 = state[1];
  let h2 = state[2];
  let h3 = state[3];
  let h4 = state[4];
  let h5 = state[5];
  let h6 = state[6];
  let h7 = state[7];
  for (; at + 64 <= end; at += 64) {
    for (let i = 0; i < 16; i++) W[i] = view.getInt32(at + i * 4);
    for (let i = 16; i < 64; i++) {
      const x = W[i - 15];
      const y = W[i - 2];
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    let f = h5;
    let g = h6;
    let h = h7;
    for (let i = 0; i < 64; i++) {
      const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + s1 + (g ^ (e & (f ^ g))) + K[i] + W[i]) | 0;
      const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (s0 + ((a & b) | (c & (a | b)))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + h) | 0;
  }
  state.set([h0, h1, h2, h3, h4, h5, h6, h7]);
}

/** An incremental SHA-256 (FIPS 180-4). */
class Sha256 {
  readonly #state = Int32Array.of(
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  );
  /** The bytes of an unfinished block. */
  readonly #block = new Uint8Array(64);
  readonly #blockView = new DataView(this.#block.buffer);
  #used = 0;
  #length = 0;

  /** Adds `bytes` to the hashed content. */
  update(bytes: Uint8Array): void {
    this.#length += bytes.length;
    let at = 0;
    if (this.#used > 0) {
      at = Math.min(64 - this.#used, bytes.length);
      this.#block.set(bytes.subarray(0, at), this.#used);
      this.#used += at;
      if (this.#used < 64) return;
      compress(this.#state, this.#blockView, 0, 64);
      this.#used = 0;
    }
    const whole = bytes.length - ((bytes.length - at) % 64);
    compress(this.#state, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), at, whole);
    this.#block.set(bytes.subarray(whole), 0);
    this.#used = bytes.length - whole;
  }

  /** The hash of everything added (the hash cannot take more bytes after). */
  digest(): Int32Array {
    const bits = this.#length * 8;
    const tail = new Uint8Array(this.#used < 56 ? 64 - this.#used : 128 - this.#used);
    tail[0] = 0x80;
    const view = new DataView(tail.buffer);
    view.setUint32(tail.length - 8, Math.floor(bits / 2 ** 32));
    view.setUint32(tail.length - 4, bits >>> 0);
    this.update(tail);
    return this.#state;
  }
}

const BLOCK = 4 * 1024 * 1024;

/** The 32 bytes of a digest, big-endian as SHA-256 writes them. */
function bytesOf(words: Int32Array): Uint8Array {
  const bytes = new Uint8Array(32);
  const view = new DataView(bytes.buffer);
  words.forEach((word, i) => view.setInt32(i * 4, word));
  return bytes;
}

/** @internal The content hash, taken as the content passes. */
export class ContentHash {
  readonly #subtle: SubtleCrypto | undefined = globalThis.crypto?.subtle;
  /**
   * The current block's bytes, for Web Crypto (grown as they come, so that
   * a small file takes little room); without Web Crypto, `#soft` hashes
   * them as they come.
   */
  #block = new Uint8Array(0);
  #soft = new Sha256();
  #used = 0;
  /** The digests of the blocks so far, in order. */
  readonly #blocks = new Sha256();
  /** Settles once every block so far is folded into `#blocks`. */
  #folded: Promise<void> = Promise.resolve();
  /** Blocks handed to Web Crypto and not folded yet. */
  #pending = 0;

  /** Adds `bytes` to the hashed content. */
  update(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.length; ) {
      const piece = bytes.subarray(at, at + BLOCK - this.#used);
      if (this.#subtle) {
        const needed = this.#used + piece.length;
        if (needed > this.#block.length) {
          const grown = new Uint8Array(Math.min(BLOCK, Math.max(needed, 2 * this.#block.length)));
          grown.set(this.#block.subarray(0, this.#used));
          this.#block = grown;
        }
        this.#block.set(piece, this.#used);
      } else {
        this.#soft.update(piece);
      }
      this.#used += piece.length;
      at += piece.length;
      if (this.#used === BLOCK) this.#endBlock();
    }
  }

  #endBlock(): void {
    if (this.#subtle) {
      // digest() copies the bytes before it returns: the block can refill.
      const digest = this.#subtle.digest("SHA-256", this.#block.subarray(0, this.#used));
      const previous = this.#folded;
      this.#pending += 1;
      this.#folded = Promise.all([previous, digest]).then(([, bytes]) => {
        this.#pending -= 1;
        this.#blocks.update(new Uint8Array(bytes));
      });
    } else {
      this.#blocks.update(bytesOf(this.#soft.digest()));
      this.#soft = new Sha256();
    }
    this.#used = 0;
  }

  /**
   * A wait while more than two blocks wait for Web Crypto (so that the
   * copies it holds stay few); `undefined` when there is nothing to wait for.
   */
  backlog(): Promise<void> | undefined {
    return this.#pending > 2 ? this.#folded : undefined;
  }

  /** The content hash of everything added, as 64 lowercase hex digits (the hash cannot take more bytes after). */
  async hex(): Promise<string> {
    if (this.#used > 0) this.#endBlock();
    await this.#folded;
    return [...bytesOf(this.#blocks.digest())].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  }
}
