declare module 'snappyjs' {
  /** Snappy block format (not the framed/stream format). The result has the input's type. */
  export function compress<T extends Uint8Array | ArrayBuffer>(uncompressed: T): T;
  export function uncompress<T extends Uint8Array | ArrayBuffer>(compressed: T, maxLength?: number): T;
}
