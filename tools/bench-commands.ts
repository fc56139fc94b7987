// The docker commands the benchmark times, in one order, so the Node harness and the page's
// terminal are measured on the same work and their ratio means something.

import { median } from "./median.ts";

export interface CommandFigures {
  dockerRunFirstS: number;
  dockerRunWarmS: number;
  dockerPsS: number;
  dockerBuildS: number;
  dockerBuildLegacyS: number;
  dockerBuildMultiStageS: number;
  composeUpS: number;
}

/** RUN types a command at a fresh machine's prompt and resolves to its seconds (failing on a non-zero exit). */
export async function runBenchCommands(run: (command: string) => Promise<number>): Promise<CommandFigures> {
  const dockerRunFirstS = await run("docker run --rm hello-world");
  const warm = [];
  for (let i = 0; i < 3; i++) warm.push(await run("docker run --rm hello-world"));
  const ps = [];
  for (let i = 0; i < 3; i++) ps.push(await run("docker ps"));
  await run(`mkdir -p /lab/bench && cd /lab/bench && printf 'FROM busybox\\nRUN echo built > /built\\nCMD ["cat", "/built"]\\n' > Dockerfile`);
  const dockerBuildS = await run("docker build -q -t bench .");
  // The same shape through the legacy builder, right after (so on warmer code: any bias favours it),
  // with other content so that nothing comes from a cache.
  await run(`mkdir -p /lab/bench-legacy && cd /lab/bench-legacy && printf 'FROM busybox\\nRUN echo legacy > /built\\nCMD ["cat", "/built"]\\n' > Dockerfile`);
  const dockerBuildLegacyS = await run("DOCKER_BUILDKIT=0 docker build -q -t bench-legacy .");
  await run(
    `mkdir -p /lab/bench-stages && cd /lab/bench-stages && printf 'FROM busybox AS build\\nRUN echo staged > /built\\nFROM busybox\\nCOPY --from=build /built /built\\nCMD ["cat", "/built"]\\n' > Dockerfile`,
  );
  // Without -q, as learners type it: BuildKit draws its live progress in the terminal.
  const dockerBuildMultiStageS = await run("docker build -t bench-stages .");
  await run("cd /lab/bench");
  await run(
    `printf 'services:\\n  web:\\n    image: nginx\\n  client:\\n    image: busybox\\n    command: ["sleep", "600"]\\n    depends_on: [web]\\n' > compose.yaml`,
  );
  const composeUpS = await run("docker compose up -d");
  return { dockerRunFirstS, dockerRunWarmS: median(warm), dockerPsS: median(ps), dockerBuildS, dockerBuildLegacyS, dockerBuildMultiStageS, composeUpS };
}
