#!/bin/bash
# The commands that solve "CMD and ENTRYPOINT", one group per step.
# The learner edits the Dockerfile in the editor; these sed lines make the same changes.

# step: shell-form
cd /lab/greeter
docker build -t greeter .
docker run --rm greeter

# step: exec-form
sed -i 's|^CMD .*|CMD ["python", "greet.py"]|' Dockerfile
docker build -t greeter .
docker run --rm greeter

# step: override-cmd
docker run --rm greeter python greet.py --name Docker

# step: entrypoint-cmd
sed -i 's|^CMD .*|ENTRYPOINT ["python", "greet.py"]\nCMD ["--help"]|' Dockerfile
docker build -t greeter .
docker run --rm greeter

# step: pass-arguments
docker run --rm greeter --name Docker --shout
docker run --rm greeter --version

# step: override-entrypoint
docker run --rm --entrypoint python greeter --version
