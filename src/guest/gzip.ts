// gzip with the browser's own streams (CompressionStream), for saved machines and disk chunks.
// gzip's trailer (CRC-32 and length) is the saved machine's checksum: a torn or damaged one fails
// to decompress.

const SLICE = 1 << 20;

/** DATA is read in views, not copied: a machine state is hundreds of MB. */
export function gzip(data: ArrayBuffer): Promise<Blob> {
  let at = 0;
  const views = new ReadableStream<Uint8Array<ArrayBuffer>>({
    pull(controller) {
      if (at >= data.byteLength) return controller.close();
      controller.enqueue(new Uint8Array(data, at, Math.min(SLICE, data.byteLength - at)));
      at += SLICE;
    },
  });
  return new Response(views.pipeThrough(new CompressionStream("gzip"))).blob();
}

/** Rejects when DATA is not whole gzip (its CRC-32 or length does not match). */
export function gunzip(data: Blob): Promise<ArrayBuffer> {
  return new Response(data.stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
}
