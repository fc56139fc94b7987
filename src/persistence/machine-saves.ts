// The learner's saved machine in IndexedDB, in two slots: a save goes into the slot that is not
// current, and only once it is stored does a second write make it current. A save cut off at any
// point leaves the previous one current and whole; each member's checksum (zstd) or gzip trailer
// (CRC-32 and length) finds one that is not when it is decompressed.

export interface MachineSave {
  /** Guest build and emulator build it was saved from: it restores only into the same. */
  guestKey: string;
  v86Build: string;
  /** Epoch milliseconds. */
  savedAt: number;
  /** How STATE is compressed (src/guest/state-codec.ts); absent: gzip, as saves were before zstd. */
  codec?: "zstd";
  /** The machine state, compressed (memory, devices and the disk's written sectors). */
  state: Blob;
  /**
   * The compressed size of each member STATE is made of, one per MEMBER_BYTES of the state, so
   * that a resume decompresses them side by side; absent: one gzip member.
   */
  members?: number[];
  /** zstd: each member's checksum, and the state's size uncompressed. */
  sums?: number[];
  rawBytes?: number;
  /**
   * The pages of memory STATE holds as zeros because they are the built state's at the same
   * address (src/guest/base-pages.ts), as a bitmap; absent: none (saves from before).
   */
  basePages?: Uint8Array;
  /** /lab as a .tar.gz, readable without the guest, for rescuing into a fresh machine. */
  lab: Blob | undefined;
  /** The lesson whose starting state (files, setup) the machine has. */
  lesson: string | undefined;
}

type Slot = "a" | "b";
const DATABASE = "docker-sandbox-machine";
const STORE = "saves";
const CURRENT = "current";

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function open(): Promise<IDBDatabase> {
  const r = indexedDB.open(DATABASE, 1);
  r.onupgradeneeded = () => r.result.createObjectStore(STORE);
  return request(r);
}

/** One transaction; resolves when it has committed (not merely when its requests succeeded). */
async function transact<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    const tx = db.transaction(STORE, mode, { durability: "strict" });
    const result = request(work(tx.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new DOMException("the save was cut off", "AbortError"));
    });
    return await result;
  } finally {
    db.close();
  }
}

const other = (slot: Slot | undefined): Slot => (slot === "a" ? "b" : "a");

/** Stores SAVE as the current one; the previous stays in the other slot until the next save. */
export async function storeSave(save: MachineSave): Promise<void> {
  const current = await transact("readonly", (s) => s.get(CURRENT) as IDBRequest<Slot | undefined>);
  const slot = other(current);
  await transact("readwrite", (s) => s.put(save, slot));
  await transact("readwrite", (s) => s.put(slot, CURRENT));
}

/** The current save first, then the other slot's: newest first, whatever their state. */
export async function readSaves(): Promise<MachineSave[]> {
  const current = await transact("readonly", (s) => s.get(CURRENT) as IDBRequest<Slot | undefined>);
  const saves: MachineSave[] = [];
  for (const slot of current ? [current, other(current)] : (["a", "b"] as const)) {
    const save = await transact("readonly", (s) => s.get(slot) as IDBRequest<MachineSave | undefined>);
    if (save) saves.push(save);
  }
  return saves;
}

/** Forgets every save (Reset machine: the next visit starts fresh). */
export async function clearSaves(): Promise<void> {
  await transact("readwrite", (s) => s.clear());
}
