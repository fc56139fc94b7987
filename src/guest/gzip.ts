// gzip with the browser's own streams (CompressionStream), for saved machines and disk chunks.

export function gzip(data: BlobPart): Promise<Blob> {
  return new Response(new Blob([data]).stream().pipeThrough(new CompressionStream("gzip"))).blob();
}

export function gunzip(data: Blob): Promise<ArrayBuffer> {
  return new Response(data.stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
}
