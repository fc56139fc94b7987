// The chunked root disk's index: which content-addressed chunk holds each slice of the disk.

export interface DiskIndex {
  /** Disk size in bytes (a multiple of chunkSize). */
  size: number;
  /** Bytes per chunk, uncompressed. */
  chunkSize: number;
  /** Per chunk: the hash naming its file, or "" for a chunk of zeros (never stored). */
  chunks: string[];
}

/** File name of a chunk, relative to the disk folder. */
export function chunkFileName(hash: string): string {
  return `${hash}.gz`;
}

export function parseDiskIndex(json: unknown): DiskIndex {
  const index = json as Partial<DiskIndex>;
  if (
    typeof index?.size !== "number" ||
    typeof index.chunkSize !== "number" ||
    !Array.isArray(index.chunks) ||
    index.chunks.length * index.chunkSize !== index.size
  ) {
    throw new Error("disk index is malformed: expected {size, chunkSize, chunks[]} with size = chunks × chunkSize");
  }
  return index as DiskIndex;
}
