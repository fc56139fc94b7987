#!/bin/bash
# The commands that solve "The life of a container", one group per step.
# A "#>" line is what you type into the command above it while it runs.

# step: run-detached
docker run -d --name web nginx

# step: inspect-container
docker inspect web
curl http://$(docker inspect -f '{{.NetworkSettings.IPAddress}}' web)/

# step: watch-it
docker logs -f web
#> Ctrl+C
docker top web
docker stats
#> after 8 s: Ctrl+C

# step: exec-shell
docker exec -it web bash
#> echo '<h1>Hello from inside</h1>' > /usr/share/nginx/html/hello.html
#> exit

# step: copy-out
docker cp web:/usr/share/nginx/html/hello.html .

# step: stop-start
docker stop web
docker start web
docker restart web

# step: pause-unpause
docker pause web
docker unpause web

# step: rename-update
docker rename web site
docker update --memory 64m site
docker stats --no-stream

# step: attach
docker attach site
#> after 8 s: Ctrl+C

# step: kill-remove
docker start site
docker kill site
docker rm site
