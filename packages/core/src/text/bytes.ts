/** Binary chunks the text filters accept: a `Uint8Array` (Node's `Buffer` is one), any other view, or an `ArrayBuffer`. */
export type Bytes = ArrayBufferView | ArrayBuffer;
