#!/bin/bash
# The commands that solve "Installing software: apt-get and pip in a Dockerfile", one group per step.
# The learner edits the files in the editor; these lines make the same changes.

# step: apt-build
cd /lab/apt-app
docker build -t apt-app .

# step: apt-run
docker run --rm apt-app

# step: add-package
sed -i 's/install -y python3$/install -y python3 curl/' Dockerfile
docker build -t apt-app .

# step: flask-build
cd /lab/flask-app
docker build -t flask-app .

# step: flask-run
docker run -d --name flask -p 8082:5000 flask-app

# step: flask-cache
sed -i 's/Hello from Flask/Hello again from Flask/' app.py
docker build -t flask-app .
