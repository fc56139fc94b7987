// /lab as a .tar.gz, made and unpacked by the guest (its tar): kept beside each save, downloaded
// by the learner, put back into a fresh machine or imported from a file.

import type { AgentClient } from "../guest/agent-client.ts";

const UPLOAD = "/tmp/lab-upload.tar.gz";

/**
 * /lab's files, leaving out files over LEAVE_OUT_MIB when given (the archive kept beside every save:
 * a file of a GB kept the guest compressing it for minutes after each command, and open, so that
 * removing it freed no space); undefined when the guest cannot make the archive.
 */
export async function labArchive(agent: AgentClient, leaveOutMiB?: number): Promise<Uint8Array | undefined> {
  const command = leaveOutMiB ? `find . -type f -size +${leaveOutMiB}M -prune -o -print0 | tar -czf - --null --no-recursion -T -` : "tar -czf - .";
  const answer = await agent.request("sh", [command], 60).catch(() => undefined);
  return answer?.status === 0 ? answer.data : undefined;
}

/**
 * Unpacks ARCHIVE into /lab over what is there. Nothing changes unless the whole archive reads:
 * the guest lists it first, and GNU tar refuses members that would land outside /lab.
 */
export async function unpackLab(agent: AgentClient, archive: Uint8Array): Promise<void> {
  if (archive[0] !== 0x1f || archive[1] !== 0x8b) throw new Error("this is not a .tar.gz file");
  // The learner waits for an import; a guest busy with a save and the offline copy can take longer than 30 s.
  await agent.writeFile(UPLOAD, archive, 120);
  const { status } = await agent.sh(`tar -tzf ${UPLOAD} >/dev/null 2>&1 || { rm -f ${UPLOAD}; exit 3; }; tar -xzf ${UPLOAD} -C /lab; s=$?; rm -f ${UPLOAD}; exit $s`);
  if (status === 3) throw new Error("this .tar.gz file is damaged: nothing was changed");
  if (status !== 0) throw new Error(`the files could not all be put into /lab (tar exit ${status})`);
}
