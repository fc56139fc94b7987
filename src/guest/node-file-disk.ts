// A v86 hard disk that reads and writes an image file in place (Node only). The build uses it
// to provision the root disk: whatever the guest writes ends up in the file.

import { closeSync, fstatSync, openSync, readSync, writeSync } from "node:fs";

export class FileDisk {
  readonly byteLength: number;
  onload: ((e: object) => void) | undefined;
  onprogress: ((e: object) => void) | undefined;
  private readonly fd: number;

  constructor(path: string) {
    this.fd = openSync(path, "r+");
    this.byteLength = fstatSync(this.fd).size;
  }

  load(): void {
    this.onload?.({});
  }

  get(offset: number, len: number, fn: (data: Uint8Array) => void): void {
    const data = new Uint8Array(len);
    readSync(this.fd, data, 0, len, offset);
    setImmediate(fn, data);
  }

  get_and_cache(offset: number, len: number, fn: (data: Uint8Array) => void): void {
    this.get(offset, len, fn);
  }

  get_from_cache(offset: number, len: number): Uint8Array {
    const data = new Uint8Array(len);
    readSync(this.fd, data, 0, len, offset);
    return data;
  }

  set(offset: number, data: Uint8Array, fn: () => void): void {
    writeSync(this.fd, data, 0, data.length, offset);
    setImmediate(fn);
  }

  get_state(): [] {
    throw new Error("FileDisk: a machine on a file disk is for provisioning; its state is never saved");
  }

  set_state(): void {
    throw new Error("FileDisk: cannot restore a state onto a file disk");
  }

  close(): void {
    closeSync(this.fd);
  }
}
