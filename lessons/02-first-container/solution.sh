#!/bin/bash
# The commands that solve "Your first container", one group per step.

# step: run-hello
docker run hello-world

# step: list-running
docker ps

# step: list-all
docker ps -a

# step: list-images
docker images

# step: read-logs
docker logs $(docker ps -alq --filter ancestor=hello-world)

# step: remove-container
docker rm $(docker ps -aq --filter ancestor=hello-world)

# step: run-and-clean
docker run --rm hello-world

# step: run-interactive
docker run -it --rm debian:trixie-slim bash
#> cat /etc/os-release
#> exit
