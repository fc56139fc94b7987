#!/bin/bash
# The commands that solve "Cleaning up", one group per step. -f answers the prunes' question.

# step: system-df
docker system df

# step: prune-containers
docker container prune -f

# step: prune-images
docker images -f dangling=true
docker image prune -f

# step: prune-volumes
docker volume prune -a -f

# step: prune-networks
docker network prune -f

# step: system-prune
docker system prune -f
docker system df
