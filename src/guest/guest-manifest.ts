// The build's manifest: what the guest folder holds and how to start a machine from it.

/** Fixed file names inside a guest folder. */
export const GUEST_FILES = {
  bios: "bios.bin",
  vgaBios: "vgabios.bin",
  kernel: "vmlinuz",
  initrd: "initramfs.img",
  state: "state.bin.zst",
  diskIndex: "disk/index.json",
} as const;

/** Folder of the disk's chunks, next to its index. */
export const DISK_FOLDER = "disk";

export interface Artifact {
  /** File name inside the guest folder. */
  file: string;
  bytes: number;
  sha256: string;
}

export interface GuestManifest {
  /** Cache key of the build: a hash of every input. */
  key: string;
  builtAt: string;
  /** Key of the v86 build the state was saved with (v86/build.sh); a state restores only into it. */
  v86Build: string;
  kernelCmdline: string;
  /** Debian packages that decide the cache key, with their versions. */
  packages: string[];
  artifacts: {
    bios: Artifact;
    vgaBios: Artifact;
    kernel: Artifact;
    initrd: Artifact;
    /** zstd-compressed machine state at a ready prompt. */
    state: Artifact;
    diskIndex: Artifact;
  };
  disk: { folder: string; sizeBytes: number; chunkBytes: number; chunks: number; storedChunks: number; storedBytes: number };
  images: { name: string; tags: string[]; preload: string[]; bytes: number }[];
}
