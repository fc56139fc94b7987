#!/bin/bash
# The commands that solve "Your first Dockerfile", one group per step.
# The learner edits the Dockerfile in the editor; these lines append the same text.

# step: write-from
cd /lab/hello
echo 'FROM python:3.13-slim' >> Dockerfile

# step: write-workdir-copy
printf 'WORKDIR /app\nCOPY app.py .\n' >> Dockerfile

# step: write-cmd
echo 'CMD ["python", "app.py"]' >> Dockerfile

# step: build-image
docker build -t my-python-app .

# step: run-app
docker run my-python-app

# step: image-history
docker history my-python-app

# step: add-run
sed -i '/^CMD/i RUN date > build-info.txt' Dockerfile
docker build -t my-python-app .
docker run --rm my-python-app

# step: look-inside
docker run --rm my-python-app ls
