#!/bin/bash
# The commands that solve "Images and their layers", one group per step.

# step: pull-tag
docker pull redis:8.0
docker images

# step: history-layers
docker history redis:8.0

# step: inspect-image
docker image inspect redis:8.0

# step: tag-image
docker tag busybox my-box:1.0
docker images

# step: save-image
cd /lab
docker save -o my-box.tar my-box:1.0

# step: remove-tag
docker rmi my-box:1.0

# step: load-image
docker load -i my-box.tar

# step: export-container
docker run --name snap busybox sh -c 'echo "made in a container" > /note.txt'
docker export -o snap.tar snap

# step: import-image
docker import snap.tar snap:flat
docker run --rm snap:flat cat /note.txt
