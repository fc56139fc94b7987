#!/bin/bash
# The commands that solve "Container networks", one group per step.

# step: list-networks
docker network ls

# step: default-bridge
docker run -d --name webserver nginx
docker run --rm busybox wget -qO- http://webserver

# step: create-network
docker network create -d bridge appnet
docker network inspect appnet

# step: connect
docker network connect appnet webserver
docker run --rm --network appnet busybox wget -qO- http://webserver

# step: disconnect
docker network disconnect appnet webserver

# step: none-and-host
docker run --rm --network none busybox ip addr
docker run --rm --network host busybox ip addr

# step: remove-network
docker rm -f webserver
docker network rm appnet
