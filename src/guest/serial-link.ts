// A serial port of the emulator as a text stream: bytes batched into decoded chunks.
// v86 reports each output byte as its own event; decoding per batch keeps the hot path cheap.

import type { Emulator } from "./emulator.ts";

export type Listener = (text: string) => void;

export interface SerialLink {
  send(text: string): void;
  /** Subscribe to output; returns the unsubscribe function. */
  onOutput(listener: Listener): () => void;
}

/** A link to one of the emulator's ports. */
export interface PortLink extends SerialLink {
  /**
   * Until the returned function is called, drops what the guest writes and keeps back what is sent
   * (then sends it), telling ON_SEND when something is: for a stretch of the guest's time that a
   * rewind will undo, whose output the guest writes again after it.
   */
  hold(onSend?: () => void): () => void;
  /** Stops listening to the port. */
  close(): void;
}

export function serialLink(emulator: Emulator, port: 0 | 1): PortLink {
  const listeners = new Set<Listener>();
  let held: Uint8Array[] | undefined;
  let onHeldSend: (() => void) | undefined;
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
  const onByte = (byte: number) => {
    if (held) return;
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
  };
  emulator.add_listener(`serial${port}-output-byte`, onByte);
  const encoder = new TextEncoder();
  // Present in v86's build, missing from its type declarations.
  const sendBytes = (emulator as unknown as { serial_send_bytes(port: number, data: Uint8Array): void }).serial_send_bytes.bind(emulator);
  return {
    send(text) {
      if (!held) return sendBytes(port, encoder.encode(text));
      held.push(encoder.encode(text));
      onHeldSend?.();
    },
    hold(onSend) {
      held ??= [];
      onHeldSend = onSend;
      return () => {
        onHeldSend = undefined;
        const kept = held ?? [];
        held = undefined;
        for (const data of kept) sendBytes(port, data);
      };
    },
    close() {
      emulator.remove_listener(`serial${port}-output-byte`, onByte);
    },
    onOutput(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
