#!/bin/bash
# The commands that solve "Multi-container apps with Compose", one group per step.
# A "#>" line is what you type into the command above it; curl retries while servers start.

# step: compose-config
cd /lab/hits
docker compose config

# step: compose-up
docker compose up -d
curl -sf --retry 30 --retry-delay 1 --retry-connrefused --max-time 10 localhost:8088

# step: compose-watch
docker compose ps
docker compose logs -f
#> Ctrl+C
docker compose top

# step: compose-exec-run
docker compose exec redis redis-cli get hits
docker compose run --rm redis redis-cli -h redis incr hits

# step: compose-stop-start
docker compose stop
docker compose start
docker compose restart web
curl -sf --retry 30 --retry-delay 1 --retry-connrefused --max-time 10 localhost:8088

# step: compose-build
sed -i 's/Hello from/Greetings from/' app.py
docker compose pull
docker compose build
docker compose up -d
curl -sf --retry 30 --retry-delay 1 --retry-connrefused --max-time 10 localhost:8088

# step: compose-scale
docker compose up -d --scale web=3
docker-compose ps
curl -sf --retry 30 --retry-delay 1 --retry-connrefused --max-time 10 localhost:8088

# step: compose-down
docker compose stop web
docker compose rm -f web
docker compose down --volumes
