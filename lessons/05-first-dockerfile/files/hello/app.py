# A tiny Python program to package as an image.
import platform

print("Hello from a Python app in a container!")
print("Python", platform.python_version(), "on", platform.system(), platform.machine())

# build-info.txt is written while the image is built (the RUN step of the lesson).
try:
    with open("build-info.txt") as f:
        print("This image was built on", f.read().strip())
except FileNotFoundError:
    print("No build-info.txt in this image yet.")
