#!/bin/bash
# The commands that solve "Volumes, bind mounts and tmpfs", one group per step.

# step: create-volume
docker volume create notes
docker volume ls
docker volume inspect notes

# step: write-volume
docker run --rm -v notes:/data busybox sh -c 'echo "first note" >> /data/notes.txt'

# step: outlive
docker run --rm -v notes:/data busybox cat /data/notes.txt

# step: bind-mount
docker run -d --name site -p 8081:80 -v /lab/storage/site:/usr/share/nginx/html nginx
curl -s --retry 5 --retry-connrefused localhost:8081

# step: edit-live
echo '<p>Edited on the host</p>' >> /lab/storage/site/index.html
curl -s localhost:8081

# step: tmpfs
docker run -d --name scratch --tmpfs /scratch busybox sleep 3600
docker exec scratch df -h /scratch

# step: remove-volume
docker rm -f site scratch
docker volume rm notes
