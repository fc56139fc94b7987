#!/bin/bash
# The commands that solve "The life of a container", one group per step.
# Interactive commands (exec -it, logs -f, stats, attach) have non-interactive stand-ins here.

# step: run-detached
docker run -d --name web nginx

# step: inspect-container
docker inspect web
curl http://$(docker inspect -f '{{.NetworkSettings.IPAddress}}' web)/

# step: watch-it
docker logs web
docker top web
docker stats --no-stream

# step: exec-shell
docker exec web sh -c "echo '<h1>Hello from inside</h1>' > /usr/share/nginx/html/hello.html"

# step: copy-out
docker cp web:/usr/share/nginx/html/hello.html .

# step: stop-start
docker stop web
docker start web

# step: pause-unpause
docker pause web
docker unpause web

# step: rename-update
docker rename web site
docker update --memory 64m site
docker stats --no-stream

# step: attach
(sleep 10; docker stop site) & docker attach site

# step: kill-remove
docker start site
docker kill site
docker rm site
