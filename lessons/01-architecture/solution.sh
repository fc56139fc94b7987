#!/bin/bash
# The commands that solve "Docker's architecture", one group per step.

# step: client-and-server
docker version

# step: rest-api
curl --unix-socket /var/run/docker.sock http://localhost/version

# step: system-info
docker info

# step: pull-image
docker pull redis

# step: images-via-api
curl --unix-socket /var/run/docker.sock http://localhost/images/json
