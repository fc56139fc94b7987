import sys

print(f"Hello from Python {sys.version.split()[0]}, installed with apt-get in a Debian image!")
