// The lesson engine's port to the machine: what it may ask about Docker objects and files.
// The guest's probe agent answers these over a second serial port; tests may answer from fixtures.

export interface PortBinding {
  containerPort: number;
  protocol: "tcp" | "udp";
  hostIp: string;
  hostPort: number;
}

export interface MountInfo {
  type: "volume" | "bind" | "tmpfs";
  /** Volume name for volumes, host path for binds, "" for tmpfs. */
  source: string;
  destination: string;
}

export type ContainerStatus = "created" | "running" | "paused" | "restarting" | "removing" | "exited" | "dead";

export interface ContainerInfo {
  id: string;
  /** Without the leading slash. */
  name: string;
  /** The image as the container was created with it, e.g. "nginx" or "my-app:1.0". */
  image: string;
  imageId: string;
  status: ContainerStatus;
  exitCode: number;
  ports: PortBinding[];
  mounts: MountInfo[];
  env: string[];
  entrypoint: string[] | null;
  cmd: string[] | null;
  /** Names of the networks it is attached to. */
  networks: string[];
  labels: Record<string, string>;
  /** The last few kilobytes of its logs (stdout and stderr); "" unless asked for with `{ logs: true }`. */
  logs: string;
}

export interface ImageInfo {
  id: string;
  /** "repository:tag" for each tag; empty for a dangling image. */
  tags: string[];
  config: {
    cmd: string[] | null;
    entrypoint: string[] | null;
    env: string[];
    workingDir: string;
    user: string;
    /** e.g. "80/tcp" */
    exposedPorts: string[];
    volumes: string[];
  };
  /** Newest first, as `docker history` shows it; `comment` is BuildKit's `buildkit.dockerfile.v0` or a commit's message. */
  history: { createdBy: string; emptyLayer: boolean; comment: string }[];
  layers: number;
  /** Bytes, as `docker images` counts them (every layer, shared ones included). */
  size: number;
}

export interface VolumeInfo {
  name: string;
  driver: string;
  labels: Record<string, string>;
}

export interface NetworkInfo {
  name: string;
  driver: string;
  /** Names of attached containers. */
  containers: string[];
}

export type FileInfo = { exists: false } | { exists: true; kind: "file" | "directory"; content?: string };

export type HttpResult = { ok: true; status: number; body: string } | { ok: false; error: string };

/** An image by name only: what the engine's image list holds, without asking for each image's details. */
export type ImageName = Pick<ImageInfo, "id" | "tags">;

export interface Probe {
  /** Every container; their logs only when asked (each is one more question to the engine). */
  containers(options?: { logs: boolean }): Promise<ContainerInfo[]>;
  /** Every image with its configuration and history. */
  images(): Promise<ImageInfo[]>;
  /** Every image by name only: one question to the engine, however many images there are. */
  imageNames(): Promise<ImageName[]>;
  volumes(): Promise<VolumeInfo[]>;
  networks(): Promise<NetworkInfo[]>;
  /** A path in the guest (absolute, or relative to /lab). Content only for text files up to 64 KiB. */
  file(path: string): Promise<FileInfo>;
  /** An HTTP GET made from inside the guest, e.g. "http://localhost:8080/"; asked again for up to WAIT_S seconds while nothing answers. */
  http(url: string, waitS?: number): Promise<HttpResult>;
}

/** One command the learner ran, as the terminal's shell integration reported it. */
export interface CommandEvent {
  commandLine: string;
  /** The shell's working directory when the line was typed (its prompt's); relative paths start there. Default /lab. */
  cwd?: string;
  exitCode: number;
  output: string;
}
