#!/bin/bash
# The commands that solve "Small images: multi-stage builds and the build cache", one group per step.
# The learner edits the Dockerfile in the editor; these lines make the same change.

# step: one-stage
cd /lab/site
docker build -t site:one-stage .

# step: add-stage
cat >> Dockerfile <<'EOF'

# Stage 2: only the finished site, served by busybox's small web server.
FROM busybox
COPY --from=build /src/out /www
EXPOSE 80
CMD ["httpd", "-f", "-p", "80", "-h", "/www"]
EOF

# step: build-small
docker build -t site .

# step: compare-sizes
docker images site

# step: target
docker build --target build -t site:build .

# step: cache
echo 'Changed after the first build.' >> pages/index.txt
docker build -t site .

# step: run-site
docker run -d --name site -p 8081:80 site
