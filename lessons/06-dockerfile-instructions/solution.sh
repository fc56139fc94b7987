#!/bin/bash
# The commands that solve "More Dockerfile instructions", one group per step.
# The learner edits the Dockerfile in the editor; these sed lines make the same changes.

# step: env-expose
cd /lab/webapp
sed -i '/^WORKDIR/a EXPOSE 8000' Dockerfile
sed -i '/^WORKDIR/a ENV GREETING="Hello from the webapp image"' Dockerfile
docker build -t webapp .

# step: add-archive
tar -czf site.tar.gz site
sed -i '/^COPY/a ADD site.tar.gz .' Dockerfile
docker build -t webapp .
docker run --rm webapp ls site

# step: dockerignore
docker run --rm webapp ls
echo 'app/secrets.env' > .dockerignore
docker build -t webapp .
docker run --rm webapp ls

# step: user-volume
sed -i '/^CMD/i RUN useradd --system app && mkdir /data && chown app /data' Dockerfile
sed -i '/^CMD/i VOLUME /data' Dockerfile
sed -i '/^CMD/i USER app' Dockerfile
docker build -t webapp .

# step: layer-cache
docker build -t webapp .
docker build --no-cache -t webapp .

# step: run-webapp
docker run -d --name webapp -p 8000:8000 -e GREETING=Bonjour webapp
curl -s --retry 5 --retry-connrefused localhost:8000/hello
