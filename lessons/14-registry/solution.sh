#!/bin/bash
# The commands that solve "Your own registry", one group per step.

# step: run-registry
docker run -d --name registry -p 5000:5000 registry:2
curl -s --retry 10 --retry-connrefused localhost:5000/v2/

# step: tag-for-registry
docker tag busybox localhost:5000/my-busybox:1.0

# step: push-image
docker push localhost:5000/my-busybox:1.0

# step: registry-api
curl localhost:5000/v2/_catalog
curl localhost:5000/v2/my-busybox/tags/list

# step: pull-back
docker rmi localhost:5000/my-busybox:1.0
docker pull localhost:5000/my-busybox:1.0

# step: stop-registry
docker rm -f -v registry
