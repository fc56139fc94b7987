#!/bin/bash
# The commands that solve "Publishing ports", one group per step.

# step: unpublished
docker run -d --name web nginx
docker ps

# step: publish
docker rm -f web
docker run -d --name web -p 8080:80 nginx
curl -s --retry 5 --retry-connrefused localhost:8080

# step: port-command
docker port web

# step: own-page
docker cp /lab/ports/index.html web:/usr/share/nginx/html/index.html
curl -s localhost:8080

# step: publish-all
docker run -d --name web2 -P nginx
docker port web2

# step: clean-up
docker rm -f web web2
