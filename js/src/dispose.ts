// `[Symbol.dispose]` on the classes, typed so that the package's
// declarations compile with and without TypeScript's `esnext.disposable`
// lib, and installed at run time only where the runtime has
// `Symbol.dispose`.
//
// A class gets it with an interface of the same name:
//
//     export class PeerConnection { close(): void { ... } }
//     export interface PeerConnection extends Disposal {}
//     installDispose(PeerConnection, "close");

/**
 * The type of `Symbol.dispose` where the TypeScript lib declares it
 * (`esnext.disposable`, included in `esnext`), `never` elsewhere.
 */
export type DisposeSymbol = SymbolConstructor extends { readonly dispose: infer S extends symbol } ? S : never;

/**
 * `[Symbol.dispose](): void` where the TypeScript lib knows
 * `Symbol.dispose` (so `using x = new PeerConnection()` compiles), and no
 * member where it does not.
 */
export type Disposal = { [K in DisposeSymbol]: () => void };

/**
 * Makes `Symbol.dispose` on the instances of `cls` call `method`, where the
 * runtime has `Symbol.dispose`.
 */
export function installDispose<M extends string>(
  cls: { prototype: { [K in M]: () => void } },
  method: M,
): void {
  const dispose: unknown = (Symbol as { dispose?: unknown }).dispose;
  if (typeof dispose !== "symbol") return;
  Object.defineProperty(cls.prototype, dispose, {
    configurable: true,
    writable: true,
    value: function (this: { [K in M]: () => void }): void {
      this[method]();
    },
  });
}
