// A serial port of the emulator as a text stream: bytes batched into decoded chunks.
// v86 reports each output byte as its own event; decoding per batch keeps the hot path cheap.

import type { Emulator } from "./emulator.ts";

export type Listener = (text: string) => void;

export interface SerialLink {
  send(text: string): void;
  /** Subscribe to output; returns the unsubscribe function. */
  onOutput(listener: Listener): () => void;
}

export function serialLink(emulator: Emulator, port: 0 | 1): SerialLink {
  const listeners = new Set<Listener>();
  const decoder = new TextDecoder();
  let bytes = new Uint8Array(4096);
  let length = 0;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const text = decoder.decode(bytes.subarray(0, length), { stream: true });
    length = 0;
    if (text) for (const listener of listeners) listener(text);
  };
  emulator.add_listener(`serial${port}-output-byte`, (byte: number) => {
    if (length === bytes.length) {
      const grown = new Uint8Array(bytes.length * 2);
      grown.set(bytes);
      bytes = grown;
    }
    bytes[length++] = byte;
    if (!scheduled) {
      scheduled = true;
      setTimeout(flush, 0);
    }
  });
  const encoder = new TextEncoder();
  // Present in v86's build, missing from its type declarations.
  const sendBytes = (emulator as unknown as { serial_send_bytes(port: number, data: Uint8Array): void }).serial_send_bytes.bind(emulator);
  return {
    send(text) {
      sendBytes(port, encoder.encode(text));
    },
    onOutput(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
